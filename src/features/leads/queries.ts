import { and, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { prepared } from '../../db/prepared.js';
import { leadStatuses, leadTotals, leads } from '../../db/schema/index.js';
import { column, commField, heldField, namesOf, referenceField, responsibleField, timeFields, titleField } from '../../platform/records/list/common.js';
import { field, type Choice, type ListField } from '../../platform/records/list/fields.js';
import { customListFields } from '../../platform/records/custom/list.js';
import { shownRows } from '../../platform/records/builtin.js';
import type { Locale } from '../../platform/i18n/index.js';
import { memo } from '../../db/memo.js';
import { allLeadStatuses } from '../pipelines/queries.js';
import { userName } from '../../platform/records/names.js';

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

export interface LeadCard {
  id: number;
  statusId: number;
  title: string;
  lastName: string | null;
  firstName: string | null;
  companyTitle: string | null;
  convertedAt: number | null;
  responsibleName: string | null;
}

/**
 * Kanban cards, newest first and paged by id: the first `limit` of every status in one statement (each
 * status walks its own index), or the next ones of one status before a card. The responsible is named
 * from the memo, as on the deal board.
 */
export function boardLeads(db: Db, options: { visible: SQL | undefined; of: { statusId: number; beforeId: number | null } | null; limit: number }): LeadCard[] {
  const { visible, of, limit } = options;
  const statuses = of ? sql`WHERE lead_statuses.id = ${of.statusId}` : sql``;
  const before = of?.beforeId ? sql`AND ${leads.id} < ${of.beforeId}` : sql``;
  const cards = db.all<Omit<LeadCard, 'responsibleName'> & { responsibleId: number }>(sql`
    SELECT l.id AS id, l.status_id AS statusId, l.title AS title, l.last_name AS lastName, l.first_name AS firstName,
      l.company_title AS companyTitle, l.converted_at AS convertedAt, l.responsible_id AS responsibleId
    FROM lead_statuses JOIN leads AS l ON l.id IN (
      SELECT ${leads.id} FROM ${leads} WHERE ${leads.statusId} = lead_statuses.id AND ${leads.deletedAt} IS NULL AND ${visible ?? sql`1`} ${before}
      ORDER BY ${leads.id} DESC LIMIT ${limit})
    ${statuses}
    ORDER BY lead_statuses.sort, l.id DESC`);
  return cards.map(({ responsibleId, ...card }) => ({ ...card, responsibleName: userName(db, responsibleId) }));
}

/** The lead list's fields (platform/records/list): every column a user may show, sort and filter by. */
export function leadListFields(db: Db, locale: Locale): ListField[] {
  return [
    titleField(db, 'lead', 'title', 'leads.field.title', leads.title, leads.id),
    field('status', 'status', 'leads.field.status', column(leads.statusId), {
      names: () => namesOf(db, `statuses.${locale}`, () => shownRows(locale, 'status', allLeadStatuses(db))),
      // The status's position, kept on the lead by triggers, so the sort walks an index.
      sort: column(leads.statusRank),
      nullable: false,
      choices: () => statusChoices(db, locale),
    }),
    field('text', 'name', 'leads.client', sql`trim(coalesce(${leads.lastName}, '') || ' ' || coalesce(${leads.firstName}, '') || ' ' || coalesce(${leads.middleName}, ''))`, { nullable: false }),
    heldField(db, 'lead', 'companyTitle', 'leads.field.companyTitle', leads.companyTitle, leads.id),
    field('text', 'position', 'leads.field.position', column(leads.position)),
    commField('lead', leads.id, 'phone', 'leads.field.phone'),
    commField('lead', leads.id, 'email', 'leads.field.email'),
    referenceField(db, 'source', 'leads.field.source', leads.sourceId, 'source', locale),
    field('money', 'amountMinor', 'leads.field.amount', column(leads.amountMinor), { extra: column(leads.currency), nullable: false }),
    responsibleField(db, leads.responsibleId),
    field('boolean', 'everyone', 'leads.field.everyone', column(leads.everyone), { nullable: false }),
    ...timeFields(leads.createdAt, leads.updatedAt),
    ...customListFields(db, 'lead', leads.custom),
  ];
}

export function statusChoices(db: Db, locale: Locale): Choice[] {
  return memo(db, `choices.statuses.${locale}`, () => shownRows(locale, 'status', allLeadStatuses(db)).map(({ id, name }) => ({ id, name })));
}

/** Per status: how many leads the user may see (from the trigger-kept totals). SQL rather than the query builder, as for the deal board's totals. */
export function statusCounts(db: Db, visible: SQL | undefined) {
  return db.all<{ statusId: number; count: number }>(sql`
    SELECT ${leadTotals.statusId} AS statusId, sum(${leadTotals.count}) AS count FROM ${leadTotals} WHERE ${visible ?? sql`1`} GROUP BY ${leadTotals.statusId}`);
}
