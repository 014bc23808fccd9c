import type { AppContext } from '../../context.js';
import { decoyHash, verifyPassword } from '../../platform/auth/passwords.js';
import { createSession, toCurrentUser, type CurrentUser } from '../../platform/auth/sessions.js';
import { accountKey, addressKey, clearFailures, lockedUntil, recordFailure, throttlePolicy } from '../../platform/auth/throttle.js';
import { findUserByEmail } from '../users/queries.js';
import { audit } from '../../platform/audit.js';

export type SignInResult =
  | { ok: true; user: CurrentUser; token: string }
  | { ok: false; reason: 'invalid'; delayMs: number }
  | { ok: false; reason: 'locked'; minutes: number };

/**
 * Checks e-mail and password. Wrong e-mail, wrong password and a deactivated account all answer
 * "invalid" after the same amount of work, so the answer does not tell which one it was.
 */
export async function signIn(ctx: AppContext, input: { email: string; password: string; ip: string; userAgent?: string }): Promise<SignInResult> {
  const now = ctx.clock.now();
  const keys = [accountKey(input.email), addressKey(input.ip)];
  const lockEnds = keys.map((k) => lockedUntil(ctx.db, k, now)).filter((t): t is number => t !== null);
  if (lockEnds.length > 0) {
    audit(ctx.db, { userId: null, ip: input.ip }, 'signin.locked', now, { email: input.email.trim().toLowerCase() });
    return { ok: false, reason: 'locked', minutes: Math.max(1, Math.ceil((Math.max(...lockEnds) - now) / 60_000)) };
  }
  const user = findUserByEmail(ctx.db, input.email.trim());
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash()), input.password);
  if (user && valid && user.isActive) {
    clearFailures(ctx.db, keys[0]!);
    audit(ctx.db, { userId: user.id, ip: input.ip }, 'signin.ok', now);
    const token = createSession(ctx.db, user.id, now, { ip: input.ip, userAgent: input.userAgent });
    return { ok: true, user: toCurrentUser(ctx.db, user), token };
  }
  const delayMs = Math.max(
    recordFailure(ctx.db, keys[0]!, throttlePolicy.accountLimit, now),
    recordFailure(ctx.db, keys[1]!, throttlePolicy.addressLimit, now),
  );
  audit(ctx.db, { userId: user?.id ?? null, ip: input.ip }, 'signin.failed', now, { email: input.email.trim().toLowerCase() });
  const lockEnd = keys.map((k) => lockedUntil(ctx.db, k, now)).find((t) => t !== null);
  if (lockEnd) return { ok: false, reason: 'locked', minutes: Math.ceil((lockEnd - now) / 60_000) };
  return { ok: false, reason: 'invalid', delayMs };
}
