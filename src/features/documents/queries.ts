import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { documentCounters, documents, payments, users } from '../../db/schema/index.js';
import type { DocKind } from './kinds.js';

export type DocumentRow = typeof documents.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;

export function findDocument(db: Db, kind: DocKind, id: number): DocumentRow | null {
  return db.select().from(documents).where(and(eq(documents.id, id), eq(documents.kind, kind), isNull(documents.deletedAt))).get() ?? null;
}

/** A live document of either kind. */
export function findAnyDocument(db: Db, id: number): DocumentRow | null {
  return db.select().from(documents).where(and(eq(documents.id, id), isNull(documents.deletedAt))).get() ?? null;
}

export function findByToken(db: Db, token: string): DocumentRow | null {
  return db.select().from(documents).where(and(eq(documents.publicToken, token), isNull(documents.deletedAt))).get() ?? null;
}

export function numberTaken(db: Db, kind: DocKind, number: string): boolean {
  return db.select({ id: documents.id }).from(documents).where(and(eq(documents.kind, kind), eq(documents.number, number))).get() !== undefined;
}

/** The next place in a kind's period: one statement, so two creations at once never get the same. */
export function nextSeq(db: Db, kind: DocKind, period: number): number {
  return db
    .insert(documentCounters)
    .values({ kind, period, last: 1 })
    .onConflictDoUpdate({ target: [documentCounters.kind, documentCounters.period], set: { last: sql`${documentCounters.last} + 1` } })
    .returning({ last: documentCounters.last })
    .get().last;
}

export function insertDocument(db: Db, values: typeof documents.$inferInsert): DocumentRow {
  return db.insert(documents).values(values).returning().get();
}

export function updateDocument(db: Db, id: number, values: Partial<typeof documents.$inferInsert>): void {
  db.update(documents).set(values).where(eq(documents.id, id)).run();
}

/** A deal's quotes and invoices the reader may see (`visible`: the kind's read condition), newest first. */
export function documentsOfDeal(db: Db, dealId: number, visible: SQL | undefined): DocumentRow[] {
  return db.select().from(documents).where(and(eq(documents.dealId, dealId), isNull(documents.deletedAt), visible)).orderBy(desc(documents.id)).all();
}

export function invoicesOfQuote(db: Db, quoteId: number): DocumentRow[] {
  return db.select().from(documents).where(and(eq(documents.quoteId, quoteId), isNull(documents.deletedAt))).orderBy(asc(documents.id)).all();
}

export function paymentsOf(db: Db, documentId: number) {
  return db
    .select({ payment: payments, userName: users.fullName })
    .from(payments)
    .leftJoin(users, eq(users.id, payments.createdBy))
    .where(eq(payments.documentId, documentId))
    .orderBy(asc(payments.paidOn), asc(payments.id))
    .all();
}

export function paidSum(db: Db, documentId: number): number {
  return db.select({ n: sql<number>`coalesce(sum(${payments.amountMinor}), 0)` }).from(payments).where(eq(payments.documentId, documentId)).get()!.n;
}

export function insertPayment(db: Db, values: typeof payments.$inferInsert): void {
  db.insert(payments).values(values).run();
}

export function findPayment(db: Db, documentId: number, id: number): PaymentRow | null {
  return db.select().from(payments).where(and(eq(payments.id, id), eq(payments.documentId, documentId))).get() ?? null;
}

export function deletePayment(db: Db, id: number): void {
  db.delete(payments).where(eq(payments.id, id)).run();
}

/** Documents of a kind whose number holds the typed text (the list's quick search). */
export function idsByNumber(db: Db, kind: DocKind, typed: string, limit: number): number[] {
  return db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.kind, kind), isNull(documents.deletedAt), sql`instr(casefold(${documents.number}), ${typed.toLocaleLowerCase()}) > 0`))
    .limit(limit)
    .all()
    .map((r) => r.id);
}
