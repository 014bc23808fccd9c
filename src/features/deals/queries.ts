import { and, asc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { prepared } from '../../db/prepared.js';
import { dealTotals, deals, pipelines, stages } from '../../db/schema/index.js';
import { column, fewHolding, namesOf, oneOf, referenceField, responsibleField, timeFields, titleField } from '../../platform/records/list/common.js';
import { field, type Choice, type ListField, type TextMatch } from '../../platform/records/list/fields.js';
import { customListFields } from '../../platform/records/custom/list.js';
import { memo } from '../../db/memo.js';
import { userName } from '../../platform/records/names.js';
import { shownName, shownRows } from '../../platform/records/builtin.js';
import type { Locale } from '../../platform/i18n/index.js';

export type DealRow = typeof deals.$inferSelect;

/** A live record by id; every page and form about it reads it, so the query is built once (db/prepared.ts). */
export function findDeal(db: Db, id: number): DealRow | null {
  return prepared(db, 'deals.find', () => db.select().from(deals).where(and(eq(deals.id, sql.placeholder('id')), isNull(deals.deletedAt))).prepare()).get({ id }) ?? null;
}

export function findDeletedDeal(db: Db, id: number): DealRow | null {
  return db.select().from(deals).where(and(eq(deals.id, id), isNotNull(deals.deletedAt))).get() ?? null;
}

export function insertDeal(db: Db, values: typeof deals.$inferInsert): DealRow {
  return db.insert(deals).values(values).returning().get();
}

export function updateDeal(db: Db, id: number, values: Partial<typeof deals.$inferInsert>): void {
  db.update(deals).set(values).where(eq(deals.id, id)).run();
}

export function findStage(db: Db, id: number) {
  return db.select().from(stages).where(eq(stages.id, id)).get() ?? null;
}

/** Which linked contacts and companies the user may read (their read conditions): only those are named. */
export interface ClientsVisible {
  contact: SQL | undefined;
  company: SQL | undefined;
}

/**
 * The deal list's fields (platform/records/list): every column a user may show, sort and filter by.
 * The client columns name only a contact or company the user may read, as the deal page does.
 */
export function dealListFields(db: Db, clients: ClientsVisible, locale: Locale): ListField[] {
  return [
    titleField(db, 'deal', 'title', 'deals.field.title', deals.title, deals.id),
    field('stage', 'stage', 'deals.field.stage', column(deals.stageId), {
      names: () => namesOf(db, `stages.${locale}`, () => shownRows(locale, 'stage', db.select({ id: stages.id, name: stages.name, code: stages.code, color: stages.color }).from(stages).all())),
      // The stage's place, kept on the deal by triggers, so the sort walks an index.
      sort: column(deals.stageRank),
      nullable: false,
      choices: () => stageChoices(db, locale),
    }),
    // The furthest stage the deal has been in (lost ones not counted; a deal only ever in lost ones:
    // its pipeline's first), kept by triggers: the sales funnel's "reached" figures link here by it.
    field('stage', 'furthest', 'deals.field.furthest', sql`coalesce(${deals.furthestStageId}, (SELECT f.id FROM stages f WHERE f.pipeline_id = ${deals.pipelineId} AND f.semantics <> 'lost' ORDER BY f.sort LIMIT 1))`, {
      names: () => namesOf(db, `stages.${locale}`, () => shownRows(locale, 'stage', db.select({ id: stages.id, name: stages.name, code: stages.code, color: stages.color }).from(stages).all())),
      sortable: false,
      nullable: false,
      choices: () => stageChoices(db, locale),
    }),
    field('reference', 'pipeline', 'deals.field.pipeline', column(deals.pipelineId), {
      names: () => namesOf(db, `pipelines.${locale}`, () => pipelineChoices(db, locale)),
      sort: sql`(SELECT sort FROM pipelines WHERE pipelines.id = ${deals.pipelineId})`,
      through: { table: 'pipelines', index: 'pipelines_sort', order: 'sort', key: column(deals.pipelineId) },
      nullable: false,
      param: 'pipeline',
      choices: () => pipelineChoices(db, locale),
    }),
    field('money', 'amountMinor', 'deals.field.amount', column(deals.amountMinor), { extra: column(deals.currency), nullable: false }),
    field('number', 'probability', 'deals.field.probability', column(deals.probability)),
    referenceField(db, 'type', 'deals.field.type', deals.typeId, 'dealType', locale),
    referenceField(db, 'source', 'deals.field.source', deals.sourceId, 'source', locale),
    field('date', 'expectedClose', 'deals.field.expectedClose', column(deals.expectedClose)),
    // When it entered a won or lost stage: reports (features/reports) link their closed deals here by it.
    field('datetime', 'closedAt', 'deals.closedAt', column(deals.closedAt)),
    // The names on the deal's product rows: the product sales report links each product's figures here by name.
    field('text', 'products', 'deals.field.products', sql`(SELECT group_concat(r.name, ', ') FROM product_rows r WHERE r.entity = 'deal' AND r.entity_id = ${deals.id})`, {
      sortable: false,
      match: (m: TextMatch) => sql`EXISTS (SELECT 1 FROM product_rows r WHERE r.entity = 'deal' AND r.entity_id = ${deals.id} AND ${m.test(sql`r.name`)})`,
    }),
    clientField(db, 'company', clients.company),
    clientField(db, 'contact', clients.contact),
    responsibleField(db, deals.responsibleId),
    field('boolean', 'everyone', 'deals.field.everyone', column(deals.everyone), { nullable: false }),
    ...timeFields(deals.createdAt, deals.updatedAt),
    ...customListFields(db, 'deal', deals.custom),
  ];
}

const clientTables = {
  // Companies are fewer than deals: a text filter tests each company's title once rather than each deal's.
  company: { entity: 'company', table: 'companies', key: deals.companyId, name: 'title', index: 'companies_title_live', label: 'deals.field.company', testOnce: true },
  contact: { entity: 'contact', table: 'contacts', key: deals.contactId, name: 'full_name', index: 'contacts_name_live', label: 'deals.field.contact', testOnce: false },
} as const;

/**
 * A deal's company or contact by name: only a live one the reader may see (`visible`, on the client's
 * table by its name), as on the deal page. Sorting walks the clients in name order (a list field's
 * `through`); the deals whose client is missing, in the recycle bin or hidden from the reader sort as
 * empty. A text filter tests the few clients the search index finds for it, when it finds few.
 */
function clientField(db: Db, kind: keyof typeof clientTables, visible: SQL | undefined): ListField {
  const c = clientTables[kind];
  const key = column(c.key);
  const table = sql.identifier(c.table);
  const name = sql`${table}.${sql.identifier(c.name)}`;
  const shown = sql`${table}.deleted_at IS NULL AND ${visible ?? sql`1`}`;
  const hidden = visible
    ? sql`NOT EXISTS (SELECT 1 FROM ${table} WHERE ${table}.id = ${key} AND ${shown})`
    : sql`${key} IS NULL OR ${key} IN (SELECT id FROM ${table} WHERE deleted_at IS NOT NULL)`;
  const value = sql`(SELECT ${name} FROM ${table} WHERE ${table}.id = ${key} AND ${shown})`;
  return field('text', kind, c.label, value, {
    through: { table: c.table, index: c.index, order: c.name, key, shown, hidden },
    match: (m: TextMatch) => {
      const few = fewHolding(db, c.entity, m.typed);
      if (!few && !c.testOnce) return m.test(value);
      return sql`${key} IN (SELECT ${table}.id FROM ${table} WHERE ${few ? sql`${oneOf(sql`${table}.id`, few)} AND ` : sql``}${m.test(name)} AND ${shown})`;
    },
  });
}

function pipelineChoices(db: Db, locale: Locale): Choice[] {
  return memo(db, `choices.pipelines.${locale}`, () =>
    shownRows(locale, 'pipeline', db.select({ id: pipelines.id, name: pipelines.name, code: pipelines.code }).from(pipelines).orderBy(asc(pipelines.sort)).all()).map(({ id, name }) => ({ id, name })),
  );
}

/** Every stage, grouped by pipeline, named in the reader's language: the stage filter and the bulk "move to stage". */
export function stageChoices(db: Db, locale: Locale): Choice[] {
  return memo(db, `choices.stages.${locale}`, () =>
    db
      .select({ id: stages.id, name: stages.name, code: stages.code, pipeline: { name: pipelines.name, code: pipelines.code } })
      .from(stages)
      .innerJoin(pipelines, eq(pipelines.id, stages.pipelineId))
      .orderBy(asc(pipelines.sort), asc(stages.sort))
      .all()
      .map((s) => ({ id: s.id, name: shownName(locale, 'stage', s), group: shownName(locale, 'pipeline', s.pipeline) })),
  );
}

export interface Card {
  id: number;
  stageId: number;
  title: string;
  amountMinor: number;
  currency: string;
  responsibleName: string | null;
  contactName: string | null;
  companyTitle: string | null;
}

/**
 * Kanban cards, newest first and paged by id: the first `limit` of every stage of a pipeline in one
 * statement (each stage walks its own index, so a full column costs no more than a short one), or the
 * next ones of one stage before a card. A client is named only when it is live and the user may read it.
 * The responsible is named from the memo: a subquery per card cost a tenth of the statement.
 */
export function boardCards(db: Db, options: { visible: SQL | undefined; clients: ClientsVisible; of: { pipelineId: number } | { stageId: number; beforeId: number | null }; limit: number }): Card[] {
  const { visible, clients, of, limit } = options;
  const stagesOf = 'pipelineId' in of ? sql`stages.pipeline_id = ${of.pipelineId}` : sql`stages.id = ${of.stageId}`;
  const before = 'beforeId' in of && of.beforeId ? sql`AND ${deals.id} < ${of.beforeId}` : sql``;
  const cards = db.all<Omit<Card, 'responsibleName'> & { responsibleId: number }>(sql`
    SELECT d.id AS id, d.stage_id AS stageId, d.title AS title, d.amount_minor AS amountMinor, d.currency AS currency, d.responsible_id AS responsibleId,
      (SELECT full_name FROM contacts WHERE contacts.id = d.contact_id AND contacts.deleted_at IS NULL AND ${clients.contact ?? sql`1`}) AS contactName,
      (SELECT title FROM companies WHERE companies.id = d.company_id AND companies.deleted_at IS NULL AND ${clients.company ?? sql`1`}) AS companyTitle
    FROM stages JOIN deals AS d ON d.id IN (
      SELECT ${deals.id} FROM ${deals} WHERE ${deals.stageId} = stages.id AND ${deals.deletedAt} IS NULL AND ${visible ?? sql`1`} ${before}
      ORDER BY ${deals.id} DESC LIMIT ${limit})
    WHERE ${stagesOf}
    ORDER BY stages.sort, d.id DESC`);
  return cards.map(({ responsibleId, ...card }) => ({ ...card, responsibleName: userName(db, responsibleId) }));
}

/**
 * A filtered board's totals: its deals themselves, summed per stage and currency. Only asked with a
 * text filter, whose matches are at most the search's 1000, so this reads few rows by id.
 */
export function filteredStageTotals(db: Db, pipelineId: number, where: SQL | undefined) {
  return db.all<{ stageId: number; currency: string; count: number; sum: number }>(sql`
    SELECT ${deals.stageId} AS stageId, ${deals.currency} AS currency, count(*) AS count, sum(${deals.amountMinor}) AS sum
    FROM ${deals} WHERE ${deals.pipelineId} = ${pipelineId} AND ${deals.deletedAt} IS NULL AND ${where ?? sql`1`}
    GROUP BY ${deals.stageId}, ${deals.currency}`);
}

/**
 * Per stage of a pipeline: how many deals the user may see, and their sum by currency (from the
 * trigger-kept totals, read from an index that holds every column summed). Written as SQL: drizzle's
 * query builder took longer to build this statement than SQLite takes to run it.
 */
export function stageTotals(db: Db, pipelineId: number, visible: SQL | undefined) {
  return db.all<{ stageId: number; currency: string; count: number; sum: number }>(sql`
    SELECT ${dealTotals.stageId} AS stageId, ${dealTotals.currency} AS currency, sum(${dealTotals.count}) AS count, sum(${dealTotals.amountMinor}) AS sum
    FROM ${dealTotals} WHERE ${dealTotals.pipelineId} = ${pipelineId} AND ${visible ?? sql`1`}
    GROUP BY ${dealTotals.stageId}, ${dealTotals.currency}`);
}
