import { and, desc, eq, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { leadStatuses, leadTotals, leads, users } from '../../db/schema/index.js';

export type LeadRow = typeof leads.$inferSelect;

export function findLead(db: Db, id: number): LeadRow | null {
  return db.select().from(leads).where(and(eq(leads.id, id), isNull(leads.deletedAt))).get() ?? null;
}

export function findDeletedLead(db: Db, id: number): LeadRow | null {
  return db.select().from(leads).where(and(eq(leads.id, id), isNotNull(leads.deletedAt))).get() ?? null;
}

export function insertLead(db: Db, values: typeof leads.$inferInsert): LeadRow {
  return db.insert(leads).values(values).returning().get();
}

export function updateLead(db: Db, id: number, values: Partial<typeof leads.$inferInsert>): void {
  db.update(leads).set(values).where(eq(leads.id, id)).run();
}

export function findStatus(db: Db, id: number) {
  return db.select().from(leadStatuses).where(eq(leadStatuses.id, id)).get() ?? null;
}

export function convertedStatus(db: Db) {
  return db.select().from(leadStatuses).where(eq(leadStatuses.semantics, 'converted')).get() ?? null;
}

const leadView = { lead: leads, responsibleName: users.fullName };

/** Newest first, paged by id: the list and each kanban column. */
export function leadPage(db: Db, options: { visible: SQL | undefined; statusId?: number; ids: number[] | null; beforeId: number | null; limit: number }) {
  return db
    .select(leadView)
    .from(leads)
    .leftJoin(users, eq(users.id, leads.responsibleId))
    .where(
      and(
        isNull(leads.deletedAt),
        options.visible,
        options.statusId ? eq(leads.statusId, options.statusId) : undefined,
        options.ids ? inArray(leads.id, options.ids) : undefined,
        options.beforeId ? lt(leads.id, options.beforeId) : undefined,
      ),
    )
    .orderBy(desc(leads.id))
    .limit(options.limit)
    .all();
}

/** Per status: how many leads the user may see (from the trigger-kept totals). */
export function statusCounts(db: Db, visible: SQL | undefined) {
  return db
    .select({ statusId: leadTotals.statusId, count: sql<number>`sum(${leadTotals.count})` })
    .from(leadTotals)
    .where(visible)
    .groupBy(leadTotals.statusId)
    .all();
}
