import { and, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { companies, contacts, dealTotals, deals, stages, users } from '../../db/schema/index.js';
import { keysetAfter, keysetOrder, type Cursor } from '../../platform/records/paging.js';
import type { sortable } from './form.js';

export type DealRow = typeof deals.$inferSelect;

export function findDeal(db: Db, id: number): DealRow | null {
  return db.select().from(deals).where(and(eq(deals.id, id), isNull(deals.deletedAt))).get() ?? null;
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

const dealView = {
  deal: deals,
  responsibleName: users.fullName,
  contactName: contacts.fullName,
  companyTitle: companies.title,
};

const sortColumns = { title: deals.title, createdAt: deals.createdAt, amountMinor: deals.amountMinor } satisfies Record<(typeof sortable)[number], unknown>;

export function dealPage(
  db: Db,
  options: { visible: SQL | undefined; pipelineId: number | null; ids: number[] | null; sort: (typeof sortable)[number]; dir: 'asc' | 'desc'; after: Cursor | null; limit: number },
) {
  const column = sortColumns[options.sort];
  return db
    .select(dealView)
    .from(deals)
    .leftJoin(users, eq(users.id, deals.responsibleId))
    .leftJoin(contacts, eq(contacts.id, deals.contactId))
    .leftJoin(companies, eq(companies.id, deals.companyId))
    .where(
      and(
        isNull(deals.deletedAt),
        options.visible,
        options.pipelineId ? eq(deals.pipelineId, options.pipelineId) : undefined,
        options.ids ? inArray(deals.id, options.ids) : undefined,
        keysetAfter(column, deals.id, options.dir, options.after),
      ),
    )
    .orderBy(...keysetOrder(column, deals.id, options.dir))
    .limit(options.limit)
    .all();
}

/** One kanban column: deals of a stage, newest first, paged by id. */
export function stageCards(db: Db, options: { visible: SQL | undefined; stageId: number; beforeId: number | null; limit: number }) {
  return db
    .select(dealView)
    .from(deals)
    .leftJoin(users, eq(users.id, deals.responsibleId))
    .leftJoin(contacts, eq(contacts.id, deals.contactId))
    .leftJoin(companies, eq(companies.id, deals.companyId))
    .where(
      and(
        isNull(deals.deletedAt),
        eq(deals.stageId, options.stageId),
        options.visible,
        options.beforeId ? sql`${deals.id} < ${options.beforeId}` : undefined,
      ),
    )
    .orderBy(sql`${deals.id} DESC`)
    .limit(options.limit)
    .all();
}

/** Per stage of a pipeline: how many deals the user may see, and their sum by currency (from the trigger-kept totals). */
export function stageTotals(db: Db, pipelineId: number, visible: SQL | undefined) {
  return db
    .select({ stageId: dealTotals.stageId, currency: dealTotals.currency, count: sql<number>`sum(${dealTotals.count})`, sum: sql<number>`sum(${dealTotals.amountMinor})` })
    .from(dealTotals)
    .where(and(eq(dealTotals.pipelineId, pipelineId), visible))
    .groupBy(dealTotals.stageId, dealTotals.currency)
    .all();
}
