import { eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { sessions, users } from '../../db/schema/index.js';

/** Whether a session still lets its user in: it exists, has not been idle too long, and its user is active. */
export function sessionAlive(db: Db, sessionId: string, now: number, idleMs: number): boolean {
  const row = db
    .select({ lastSeenAt: sessions.lastSeenAt, active: users.isActive })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sessionId))
    .get();
  return row !== undefined && row.active && row.lastSeenAt + idleMs >= now;
}
