import { and, asc, desc, eq, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { prepared } from '../../db/prepared.js';
import { leadStatuses, leadTotals, leads, users } from '../../db/schema/index.js';
import { column, commField, namesOf, referenceField, responsibleField, timeFields } from '../../platform/records/list/common.js';
import { field, type Choice, type ListField } from '../../platform/records/list/fields.js';
import { customListFields } from '../../platform/records/custom/list.js';
import { memo } from '../../db/memo.js';

export type LeadRow = typeof leads.$inferSelect;

/** A live record by id; every page and form about it reads it, so the query is built once (db/prepared.ts). */
export function findLead(db: Db, id: number): LeadRow | null {
  return prepared(db, 'leads.find', () => db.select().from(leads).where(and(eq(leads.id, sql.placeholder('id')), isNull(leads.deletedAt))).prepare()).get({ id }) ?? null;
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

/** Newest first, paged by id: each kanban column. */
export function leadPage(db: Db, options: { visible: SQL | undefined; statusId: number; beforeId: number | null; limit: number }) {
  return db
    .select(leadView)
    .from(leads)
    .leftJoin(users, eq(users.id, leads.responsibleId))
    .where(
      and(
        isNull(leads.deletedAt),
        options.visible,
        eq(leads.statusId, options.statusId),
        options.beforeId ? lt(leads.id, options.beforeId) : undefined,
      ),
    )
    .orderBy(desc(leads.id))
    .limit(options.limit)
    .all();
}

/** The lead list's fields (platform/records/list): every column a user may show, sort and filter by. */
export function leadListFields(db: Db): ListField[] {
  const statusSort = sql`(SELECT sort FROM lead_statuses WHERE lead_statuses.id = ${leads.statusId})`;
  return [
    field('text', 'title', 'leads.field.title', column(leads.title), { link: true, nullable: false }),
    field('status', 'status', 'leads.field.status', column(leads.statusId), {
      names: () => namesOf(db, 'statuses', () => db.select({ id: leadStatuses.id, name: leadStatuses.name, color: leadStatuses.color }).from(leadStatuses).all()),
      sort: statusSort,
      nullable: false,
      choices: () => statusChoices(db),
    }),
    field('text', 'name', 'leads.client', sql`trim(coalesce(${leads.lastName}, '') || ' ' || coalesce(${leads.firstName}, '') || ' ' || coalesce(${leads.middleName}, ''))`, { nullable: false }),
    field('text', 'companyTitle', 'leads.field.companyTitle', column(leads.companyTitle)),
    field('text', 'position', 'leads.field.position', column(leads.position)),
    commField('lead', leads.id, 'phone', 'leads.field.phone'),
    commField('lead', leads.id, 'email', 'leads.field.email'),
    referenceField(db, 'source', 'leads.field.source', leads.sourceId, 'source'),
    field('money', 'amountMinor', 'leads.field.amount', column(leads.amountMinor), { extra: column(leads.currency), nullable: false }),
    responsibleField(db, leads.responsibleId),
    field('boolean', 'everyone', 'leads.field.everyone', column(leads.everyone), { nullable: false }),
    ...timeFields(leads.createdAt, leads.updatedAt),
    ...customListFields(db, 'lead', leads.custom),
  ];
}

export function statusChoices(db: Db): Choice[] {
  return memo(db, 'choices.statuses', () => db.select({ id: leadStatuses.id, name: leadStatuses.name }).from(leadStatuses).orderBy(asc(leadStatuses.sort)).all());
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
