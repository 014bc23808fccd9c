import crypto from 'node:crypto';
import { eq, lt, sql } from 'drizzle-orm';
import { prepared } from '../../db/prepared.js';
import type { Db } from '../../db/connection.js';
import { roles, sessions, userRoles, users } from '../../db/schema/index.js';
import type { Locale } from '../i18n/index.js';
import type { Rights } from '../access/model.js';
import { userRights } from '../access/queries.js';
import { endSessionStreams } from '../notifications/live.js';
import { memo } from '../../db/memo.js';

export interface CurrentUser {
  id: number;
  email: string;
  fullName: string;
  locale: Locale;
  /** The user's own time zone, or null for the company's. */
  timeZone: string | null;
  roleCodes: string[];
  /** The union of the rights of the user's roles, read at every request so changes apply at once. */
  rights: Rights;
  /** May change settings: what "administrator" means in the interface. */
  isAdmin: boolean;
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Starts a session and returns the token for the cookie. A fresh token at every sign-in (no fixation). */
export function createSession(db: Db, userId: number, now: number, meta: { ip?: string; userAgent?: string }): string {
  const token = crypto.randomBytes(32).toString('base64url');
  db.insert(sessions)
    .values({ id: hashToken(token), userId, createdAt: now, lastSeenAt: now, ip: meta.ip ?? null, userAgent: meta.userAgent?.slice(0, 300) ?? null })
    .run();
  return token;
}

export interface SessionLookup {
  sessionId: string;
  lastSeenAt: number;
  user: CurrentUser;
}

/**
 * The session behind a cookie token, or null when there is none, it has been idle longer than
 * `idleMs` (it is then deleted), or its user has been deactivated.
 */
export function findSession(db: Db, token: string, now: number, idleMs: number): SessionLookup | null {
  const id = hashToken(token);
  const row = prepared(db, 'session.find', () =>
    db
      .select({ lastSeenAt: sessions.lastSeenAt, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });
  if (!row) return null;
  if (row.lastSeenAt + idleMs < now || !row.user.isActive) {
    db.delete(sessions).where(eq(sessions.id, id)).run();
    return null;
  }
  return { sessionId: id, lastSeenAt: row.lastSeenAt, user: toCurrentUser(db, row.user) };
}

export function toCurrentUser(db: Db, user: typeof users.$inferSelect): CurrentUser {
  const roleCodes = memo(db, `roles.${user.id}`, () =>
    prepared(db, 'session.roles', () =>
      db
        .select({ code: roles.code })
        .from(userRoles)
        .innerJoin(roles, eq(roles.id, userRoles.roleId))
        .where(eq(userRoles.userId, sql.placeholder('userId')))
        .prepare(),
    )
      .all({ userId: user.id })
      .flatMap((r) => (r.code ? [r.code] : [])),
  );
  const rights = userRights(db, user.id);
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    locale: user.locale as Locale,
    timeZone: user.timeZone,
    roleCodes,
    rights,
    isAdmin: rights.maySettings,
  };
}

export function touchSession(db: Db, sessionId: string, now: number): void {
  db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId)).run();
}

/** Ends a session; its open live streams (notification tabs) end with it. */
export function deleteSession(db: Db, sessionId: string): void {
  db.delete(sessions).where(eq(sessions.id, sessionId)).run();
  endSessionStreams(db, sessionId);
}

/** Ends every session of a user, optionally keeping one (the one that changed the password). */
export function deleteUserSessions(db: Db, userId: number, keepSessionId?: string): void {
  const rows = db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId)).all();
  for (const r of rows) if (r.id !== keepSessionId) deleteSession(db, r.id);
}

export function deleteIdleSessions(db: Db, olderThan: number): number {
  return db.delete(sessions).where(lt(sessions.lastSeenAt, olderThan)).run().changes;
}
