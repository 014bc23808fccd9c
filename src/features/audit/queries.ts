import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { auditLog, users } from '../../db/schema/index.js';

export interface AuditFilter {
  userId: number | null;
  kind: string | null;
  from: number | null;
  to: number | null;
  /** Keyset paging: entries older than this id. */
  before: number | null;
}

export const PAGE = 50;

/** One page of the audit log, newest first, with the acting user's name. */
export function auditPage(db: Db, f: AuditFilter) {
  const where: SQL[] = [];
  if (f.userId) where.push(eq(auditLog.userId, f.userId));
  if (f.kind) where.push(eq(auditLog.kind, f.kind));
  if (f.from !== null) where.push(gte(auditLog.at, f.from));
  if (f.to !== null) where.push(lt(auditLog.at, f.to));
  if (f.before) where.push(lt(auditLog.id, f.before));
  return db
    .select({ entry: auditLog, userName: users.fullName })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(PAGE + 1)
    .all();
}
