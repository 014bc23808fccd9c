import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, lt } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { exchangeSessions } from '../../db/schema/index.js';
import { may } from '../../platform/access/index.js';
import { decoyHash, verifyPassword } from '../../platform/auth/passwords.js';
import { hashToken, toCurrentUser, type CurrentUser } from '../../platform/auth/sessions.js';
import { accountKey, addressKey, clearFailures, lockedUntil, recordFailure, throttlePolicy } from '../../platform/auth/throttle.js';
import { findUser, findUserByEmail } from '../users/queries.js';

/**
 * Who is exchanging: `checkauth` checks Basic credentials (throttled like the sign-in form) of an
 * active user holding the exchange right and opens an exchange session; later requests name it by
 * cookie, or repeat the Basic credentials. Sessions idle for a day are forgotten with their folder.
 * Sign-ins, refused ones too, show in the exchange log (every request is there), not the audit log.
 */
export const EXCHANGE_COOKIE = 'prosto_exchange';
const IDLE_MS = 24 * 60 * 60_000;

export interface ExchangeSession {
  id: string;
  user: CurrentUser;
  /** This session's upload folder. */
  dir: string;
}

export type AuthResult = { ok: true; user: CurrentUser } | { ok: false; reason: 'invalid' | 'locked' | 'noRight' };

export function exchangeRoot(ctx: AppContext): string {
  return path.join(path.resolve(ctx.config.dataDir), 'exchange');
}

function sessionDir(ctx: AppContext, id: string): string {
  return path.join(exchangeRoot(ctx), 'sessions', id.slice(0, 32));
}

export function parseBasic(header: string | undefined): { email: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return null;
  return { email: decoded.slice(0, colon).trim(), password: decoded.slice(colon + 1) };
}

/** Checks a login and password as the sign-in form does, plus the exchange right. */
export async function checkCredentials(ctx: AppContext, credentials: { email: string; password: string }, ip: string): Promise<AuthResult> {
  const now = ctx.clock.now();
  const keys = [accountKey(credentials.email), addressKey(ip)];
  if (keys.some((k) => lockedUntil(ctx.db, k, now) !== null)) return { ok: false, reason: 'locked' };
  const row = findUserByEmail(ctx.db, credentials.email);
  const valid = await verifyPassword(row?.passwordHash ?? (await decoyHash()), credentials.password);
  if (!row || !valid || !row.isActive) {
    recordFailure(ctx.db, keys[0]!, throttlePolicy.accountLimit, now);
    recordFailure(ctx.db, keys[1]!, throttlePolicy.addressLimit, now);
    return { ok: false, reason: 'invalid' };
  }
  clearFailures(ctx.db, keys[0]!);
  const user = toCurrentUser(ctx.db, row);
  if (!may(user, 'exchange')) return { ok: false, reason: 'noRight' };
  return { ok: true, user };
}

export function openSession(ctx: AppContext, user: CurrentUser, ip: string): { token: string; session: ExchangeSession } {
  forgetIdleSessions(ctx);
  const token = crypto.randomBytes(24).toString('base64url');
  const id = hashToken(token);
  const now = ctx.clock.now();
  ctx.db.insert(exchangeSessions).values({ id, userId: user.id, createdAt: now, lastSeenAt: now, ip }).run();
  return { token, session: { id, user, dir: sessionDir(ctx, id) } };
}

/** The session behind a cookie token, if it is live and its user still may exchange. */
export function findExchangeSession(ctx: AppContext, token: string): ExchangeSession | null {
  const id = hashToken(token);
  const row = ctx.db.select().from(exchangeSessions).where(eq(exchangeSessions.id, id)).get();
  const now = ctx.clock.now();
  if (!row || row.lastSeenAt + IDLE_MS < now) return null;
  const userRow = findUser(ctx.db, row.userId);
  if (!userRow?.isActive) return null;
  const user = toCurrentUser(ctx.db, userRow);
  if (!may(user, 'exchange')) return null;
  ctx.db.update(exchangeSessions).set({ lastSeenAt: now }).where(eq(exchangeSessions.id, id)).run();
  return { id, user, dir: sessionDir(ctx, id) };
}

/**
 * A session for a request that repeats Basic credentials without a cookie: the user's most recent
 * live session (so the files it uploaded are found), or a new one.
 */
export function sessionForUser(ctx: AppContext, user: CurrentUser, ip: string): ExchangeSession {
  const now = ctx.clock.now();
  const rows = ctx.db.select().from(exchangeSessions).where(eq(exchangeSessions.userId, user.id)).all();
  const live = rows.filter((r) => r.lastSeenAt + IDLE_MS >= now).sort((a, b) => b.lastSeenAt - a.lastSeenAt)[0];
  if (live) {
    ctx.db.update(exchangeSessions).set({ lastSeenAt: now }).where(eq(exchangeSessions.id, live.id)).run();
    return { id: live.id, user, dir: sessionDir(ctx, live.id) };
  }
  return openSession(ctx, user, ip).session;
}

function forgetIdleSessions(ctx: AppContext): void {
  const cutoff = ctx.clock.now() - IDLE_MS;
  const idle = ctx.db.select({ id: exchangeSessions.id }).from(exchangeSessions).where(lt(exchangeSessions.lastSeenAt, cutoff)).all();
  for (const { id } of idle) {
    fs.rmSync(sessionDir(ctx, id), { recursive: true, force: true });
    ctx.db.delete(exchangeSessions).where(and(eq(exchangeSessions.id, id), lt(exchangeSessions.lastSeenAt, cutoff))).run();
  }
}
