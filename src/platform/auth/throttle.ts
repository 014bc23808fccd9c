import { eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { loginThrottle } from '../../db/schema/index.js';

/**
 * Sign-in throttling. Failures are counted per account and per address within a window; past a few
 * failures each answer is slowed, and past a limit the key is locked for a while. An unknown e-mail is
 * counted like a known one, so a lock says nothing about whether an account exists.
 */
export const throttlePolicy = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  accountLimit: 5,
  addressLimit: 20,
  /** Failures before answers start to slow down, and the added delay per further failure. */
  slowAfter: 2,
  delayStepMs: 400,
  maxDelayMs: 2_000,
};

export function accountKey(email: string): string {
  return `email:${email.trim().toLowerCase()}`;
}

export function addressKey(ip: string): string {
  return `ip:${ip}`;
}

/** When the key is locked, the moment the lock ends; otherwise null. */
export function lockedUntil(db: Db, key: string, now: number): number | null {
  const row = db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get();
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

/** Records a failure and returns how long to delay the answer. */
export function recordFailure(db: Db, key: string, limit: number, now: number): number {
  const row = db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get();
  const fresh = !row || row.windowStartedAt + throttlePolicy.windowMs < now || (row.lockedUntil !== null && row.lockedUntil <= now);
  const failures = fresh ? 1 : row.failures + 1;
  const locked = failures >= limit ? now + throttlePolicy.lockMs : null;
  db.insert(loginThrottle)
    .values({ key, failures, windowStartedAt: fresh ? now : row.windowStartedAt, lockedUntil: locked })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: { failures, windowStartedAt: fresh ? now : row.windowStartedAt, lockedUntil: locked },
    })
    .run();
  const over = failures - throttlePolicy.slowAfter;
  return over > 0 ? Math.min(over * throttlePolicy.delayStepMs, throttlePolicy.maxDelayMs) : 0;
}

export function clearFailures(db: Db, key: string): void {
  db.delete(loginThrottle).where(eq(loginThrottle.key, key)).run();
}
