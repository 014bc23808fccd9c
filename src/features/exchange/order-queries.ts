import { and, asc, eq, gt, inArray, isNull, ne, or } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { communications, companies, contacts, deals, documents, exchangeOrders, exchangeParties, pipelines, stages, users, userRoles, roles } from '../../db/schema/index.js';

/** SQL of orders in and out: links of deals and counterparties to their CommerceML ids. */
export type OrderLink = typeof exchangeOrders.$inferSelect;

export function linkByExchangeId(db: Db, exchangeId: string): OrderLink | null {
  return db.select().from(exchangeOrders).where(eq(exchangeOrders.exchangeId, exchangeId)).get() ?? null;
}

export function linkByNumber1c(db: Db, number1c: string): OrderLink | null {
  return db.select().from(exchangeOrders).where(eq(exchangeOrders.number1c, number1c)).get() ?? null;
}

export function linkOfDeal(db: Db, dealId: number): OrderLink | null {
  return db.select().from(exchangeOrders).where(eq(exchangeOrders.dealId, dealId)).get() ?? null;
}

export function insertLink(db: Db, link: typeof exchangeOrders.$inferInsert): void {
  db.insert(exchangeOrders).values(link).run();
}

export function updateLink(db: Db, dealId: number, values: Partial<typeof exchangeOrders.$inferInsert>): void {
  db.update(exchangeOrders).set(values).where(eq(exchangeOrders.dealId, dealId)).run();
}

export function partyRecord(db: Db, entity: 'contact' | 'company', externalId: string): number | null {
  return db.select({ id: exchangeParties.recordId }).from(exchangeParties).where(and(eq(exchangeParties.entity, entity), eq(exchangeParties.externalId, externalId))).get()?.id ?? null;
}

export function partyExternalId(db: Db, entity: 'contact' | 'company', recordId: number): string | null {
  return db.select({ id: exchangeParties.externalId }).from(exchangeParties).where(and(eq(exchangeParties.entity, entity), eq(exchangeParties.recordId, recordId))).get()?.id ?? null;
}

export function linkParty(db: Db, entity: 'contact' | 'company', externalId: string, recordId: number): void {
  db.insert(exchangeParties).values({ entity, externalId, recordId }).onConflictDoUpdate({ target: [exchangeParties.entity, exchangeParties.externalId], set: { recordId } }).run();
}

/** A live contact or company with this normalized e-mail or phone, the oldest first. */
export function recordByComm(db: Db, entity: 'contact' | 'company', kind: 'email' | 'phone', normalized: string): number | null {
  const table = entity === 'contact' ? contacts : companies;
  return (
    db
      .select({ id: table.id })
      .from(communications)
      .innerJoin(table, eq(table.id, communications.entityId))
      .where(and(eq(communications.entity, entity), eq(communications.kind, kind), eq(communications.normalized, normalized), isNull(table.deletedAt)))
      .orderBy(asc(table.id))
      .limit(1)
      .get()?.id ?? null
  );
}

export function companyByTaxId(db: Db, taxId: string): number | null {
  return db.select({ id: companies.id }).from(companies).where(and(eq(companies.taxId, taxId), isNull(companies.deletedAt))).orderBy(asc(companies.id)).limit(1).get()?.id ?? null;
}

export function firstOpenStage(db: Db, pipelineId: number) {
  return db.select().from(stages).where(and(eq(stages.pipelineId, pipelineId), eq(stages.semantics, 'open'))).orderBy(asc(stages.sort)).limit(1).get() ?? null;
}

export function stagesOfPipeline(db: Db, pipelineId: number) {
  return db.select().from(stages).where(eq(stages.pipelineId, pipelineId)).orderBy(asc(stages.sort)).all();
}

export function findStage(db: Db, id: number) {
  return db.select().from(stages).where(eq(stages.id, id)).get() ?? null;
}

/** The first active user holding the exchange right: who the exchange folder acts as. */
export function firstExchangeUserId(db: Db): number | null {
  return (
    db
      .select({ id: users.id })
      .from(users)
      .innerJoin(userRoles, eq(userRoles.userId, users.id))
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .where(and(eq(roles.mayExchange, true), eq(users.isActive, true)))
      .orderBy(asc(users.id))
      .limit(1)
      .get()?.id ?? null
  );
}

export function firstPipelineId(db: Db): number | null {
  return db.select({ id: pipelines.id }).from(pipelines).orderBy(asc(pipelines.sort), asc(pipelines.id)).limit(1).get()?.id ?? null;
}

/**
 * Invoices for 1C: past "draft", not deleted, of live deals in the given stages, that changed since
 * the moment or belong to a deal going out now.
 */
export function invoicesToExport(db: Db, stageIds: number[], since: number, dealIds: number[]) {
  if (stageIds.length === 0) return [];
  return db
    .select({ invoice: documents })
    .from(documents)
    .innerJoin(deals, eq(deals.id, documents.dealId))
    .where(
      and(
        eq(documents.kind, 'invoice'),
        ne(documents.status, 'draft'),
        isNull(documents.deletedAt),
        isNull(deals.deletedAt),
        inArray(deals.stageId, stageIds),
        or(gt(documents.updatedAt, since), dealIds.length ? inArray(documents.dealId, dealIds) : undefined),
      ),
    )
    .orderBy(asc(documents.dealId), asc(documents.id))
    .all()
    .map((r) => r.invoice);
}
