import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { exchangeLog, exchangeRuns, jobRuns, roles, userRoles, users } from '../../db/schema/index.js';

export type LogEntry = typeof exchangeLog.$inferInsert;
export type RunRow = typeof exchangeRuns.$inferSelect;

export function insertLog(db: Db, entry: LogEntry): void {
  db.insert(exchangeLog).values(entry).run();
}

/** The newest entries first, with the user's name; `before` pages back by id. */
export function logPage(db: Db, limit: number, before: number | null) {
  return db
    .select({
      id: exchangeLog.id,
      at: exchangeLog.at,
      user: users.fullName,
      ip: exchangeLog.ip,
      method: exchangeLog.method,
      type: exchangeLog.type,
      mode: exchangeLog.mode,
      filename: exchangeLog.filename,
      bytesIn: exchangeLog.bytesIn,
      status: exchangeLog.status,
      answer: exchangeLog.answer,
      ms: exchangeLog.ms,
    })
    .from(exchangeLog)
    .leftJoin(users, eq(users.id, exchangeLog.userId))
    .where(before === null ? undefined : lt(exchangeLog.id, before))
    .orderBy(desc(exchangeLog.id))
    .limit(limit)
    .all();
}

/** Log entries older than the cut-off go: the log is for seeing what happened lately. */
export function pruneLog(db: Db, olderThan: number): void {
  db.delete(exchangeLog).where(lt(exchangeLog.at, olderThan)).run();
}

export function insertRun(db: Db, run: typeof exchangeRuns.$inferInsert): RunRow {
  return db.insert(exchangeRuns).values(run).returning().get();
}

export function finishRun(db: Db, id: number, outcome: 'ok' | 'error', at: number, counts: Record<string, number>, error: string | null): void {
  db.update(exchangeRuns).set({ outcome, finishedAt: at, counts: JSON.stringify(counts), error }).where(eq(exchangeRuns.id, id)).run();
}

export function lastRuns(db: Db, limit: number) {
  return db
    .select({ run: exchangeRuns, user: users.fullName })
    .from(exchangeRuns)
    .leftJoin(users, eq(users.id, exchangeRuns.userId))
    .orderBy(desc(exchangeRuns.startedAt), desc(exchangeRuns.id))
    .limit(limit)
    .all();
}

/** Active users holding a role with the exchange right: the logins 1C may be given. */
export function exchangeUsers(db: Db): { id: number; fullName: string; email: string }[] {
  return db
    .selectDistinct({ id: users.id, fullName: users.fullName, email: users.email })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(and(eq(roles.mayExchange, true), eq(users.isActive, true)))
    .orderBy(users.fullName)
    .all();
}

/** How the newest run of a job was started (the registry records the run before calling the job). */
export function latestTrigger(db: Db, job: string): string | null {
  return db.select({ trigger: jobRuns.trigger }).from(jobRuns).where(eq(jobRuns.job, job)).orderBy(desc(jobRuns.id)).limit(1).get()?.trigger ?? null;
}
