import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/connection.js';
import { roles, savedReportRoles, savedReports, userRoles, users } from '../../../db/schema/index.js';

/** One row of a builder report's aggregate: group keys k0, k1; per figure i its currency ci, and ni (values), si, loi, hii. */
export type GroupRow = Record<string, unknown> & { n: number };

export interface GroupQuery {
  table: SQLiteTable;
  where: SQL;
  keys: SQL[];
  /** Per figure: its field's value (null for a count) and, for money, its currency. */
  figures: ({ value: SQL; currency: SQL | null } | null)[];
}

/**
 * Counts, sums, least and greatest per group and per currency of each money figure, the groups in
 * their keys' order; `limit` rows at most (null: all, for the totals, which have no keys).
 */
export function groupRows(db: Db, q: GroupQuery, limit: number | null): GroupRow[] {
  const select: SQL[] = [];
  const by: SQL[] = [];
  q.keys.forEach((k, i) => {
    select.push(sql`${k} AS ${sql.identifier(`k${i}`)}`);
    by.push(sql.raw(String(select.length)));
  });
  q.figures.forEach((f, i) => {
    if (!f?.currency) return;
    select.push(sql`${f.currency} AS ${sql.identifier(`c${i}`)}`);
    by.push(sql.raw(String(select.length)));
  });
  select.push(sql`count(*) AS n`);
  q.figures.forEach((f, i) => {
    if (!f) return;
    select.push(sql`count(${f.value}) AS ${sql.identifier(`n${i}`)}, sum(${f.value}) AS ${sql.identifier(`s${i}`)}, min(${f.value}) AS ${sql.identifier(`lo${i}`)}, max(${f.value}) AS ${sql.identifier(`hi${i}`)}`);
  });
  const group = by.length ? sql` GROUP BY ${sql.join(by, sql`, `)}` : sql``;
  const order = q.keys.length ? sql` ORDER BY ${sql.join(q.keys.map((_, i) => sql.raw(String(i + 1))), sql`, `)}` : sql``;
  const only = limit === null ? sql`` : sql` LIMIT ${limit}`;
  return db.all<GroupRow>(sql`SELECT ${sql.join(select, sql`, `)} FROM ${q.table} WHERE ${q.where}${group}${order}${only}`);
}

export interface ListQuery {
  table: SQLiteTable;
  where: SQL;
  /** Per column: its value and, for money, its currency. */
  columns: { value: SQL; currency: SQL | null }[];
  order: SQL;
}

/** A list's records: id, per column i its value vi (and currency ci), in `order`; `limit` rows at most. */
export function listRows(db: Db, q: ListQuery, limit: number): Record<string, unknown>[] {
  const select: SQL[] = [sql`${q.table}.id AS id`];
  q.columns.forEach((c, i) => {
    select.push(sql`${c.value} AS ${sql.identifier(`v${i}`)}`);
    if (c.currency) select.push(sql`${c.currency} AS ${sql.identifier(`c${i}`)}`);
  });
  return db.all<Record<string, unknown>>(sql`SELECT ${sql.join(select, sql`, `)} FROM ${q.table} WHERE ${q.where} ORDER BY ${q.order} LIMIT ${limit}`);
}

/** How many records a list takes. */
export function listCount(db: Db, table: SQLiteTable, where: SQL): number {
  return Number(db.get<{ n: number }>(sql`SELECT count(*) AS n FROM ${table} WHERE ${where}`)?.n ?? 0);
}

/** The sum of a column over all of a list's records: per currency for money (one row each), else one row. */
export function listSums(db: Db, table: SQLiteTable, where: SQL, value: SQL, currency: SQL | null): { currency: string; sum: number; count: number }[] {
  const by = currency ?? sql`''`;
  return db
    .all<{ currency: string | null; sum: number | null; count: number }>(sql`SELECT ${by} AS currency, sum(${value}) AS sum, count(${value}) AS count FROM ${table} WHERE ${where} AND ${value} IS NOT NULL GROUP BY 1`)
    .map((r) => ({ currency: r.currency ?? '', sum: Number(r.sum ?? 0), count: Number(r.count) }));
}

export type SavedReportRow = typeof savedReports.$inferSelect;

export interface SavedListItem {
  id: number;
  name: string;
  ownerId: number;
  ownerName: string;
}

/** The saved reports a user sees: their own, those shared with one of their roles, and every one for an administrator. */
export function visibleReports(db: Db, userId: number, admin: boolean): SavedListItem[] {
  const shared = db.select({ id: savedReportRoles.reportId }).from(savedReportRoles).innerJoin(userRoles, eq(userRoles.roleId, savedReportRoles.roleId)).where(eq(userRoles.userId, userId));
  return db
    .select({ id: savedReports.id, name: savedReports.name, ownerId: savedReports.ownerId, ownerName: users.fullName })
    .from(savedReports)
    .innerJoin(users, eq(users.id, savedReports.ownerId))
    .where(admin ? undefined : or(eq(savedReports.ownerId, userId), inArray(savedReports.id, shared)))
    .orderBy(asc(savedReports.name), asc(savedReports.id))
    .all();
}

export function findSavedReport(db: Db, id: number): SavedReportRow | null {
  return db.select().from(savedReports).where(eq(savedReports.id, id)).get() ?? null;
}

export function sharedRoleIds(db: Db, reportId: number): number[] {
  return db.select({ id: savedReportRoles.roleId }).from(savedReportRoles).where(eq(savedReportRoles.reportId, reportId)).all().map((r) => r.id);
}

export function isSharedWith(db: Db, reportId: number, userId: number): boolean {
  return !!db
    .select({ id: savedReportRoles.roleId })
    .from(savedReportRoles)
    .innerJoin(userRoles, eq(userRoles.roleId, savedReportRoles.roleId))
    .where(and(eq(savedReportRoles.reportId, reportId), eq(userRoles.userId, userId)))
    .get();
}

export function existingRoleIds(db: Db, ids: number[]): number[] {
  if (!ids.length) return [];
  return db.select({ id: roles.id }).from(roles).where(inArray(roles.id, ids)).all().map((r) => r.id);
}

export function roleList(db: Db) {
  return db.select({ id: roles.id, name: roles.name, code: roles.code }).from(roles).orderBy(asc(roles.id)).all();
}

export function insertSavedReport(db: Db, values: { name: string; ownerId: number; definition: string; now: number }, roleIds: number[]): number {
  return db.transaction((tx) => {
    const id = tx.insert(savedReports).values({ name: values.name, ownerId: values.ownerId, definition: values.definition, createdAt: values.now, updatedAt: values.now }).returning({ id: savedReports.id }).get().id;
    if (roleIds.length) tx.insert(savedReportRoles).values(roleIds.map((roleId) => ({ reportId: id, roleId }))).run();
    return id;
  });
}

export function updateSavedReport(db: Db, id: number, values: { name: string; definition: string; now: number }, roleIds: number[]): void {
  db.transaction((tx) => {
    tx.update(savedReports).set({ name: values.name, definition: values.definition, updatedAt: values.now }).where(eq(savedReports.id, id)).run();
    tx.delete(savedReportRoles).where(eq(savedReportRoles.reportId, id)).run();
    if (roleIds.length) tx.insert(savedReportRoles).values(roleIds.map((roleId) => ({ reportId: id, roleId }))).run();
  });
}

export function deleteSavedReport(db: Db, id: number): void {
  db.delete(savedReports).where(eq(savedReports.id, id)).run();
}
