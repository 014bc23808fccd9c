import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { productRows } from '../../db/schema/index.js';

export type RowRecord = typeof productRows.$inferSelect;
export type RowValues = Omit<typeof productRows.$inferInsert, 'id' | 'entity' | 'entityId' | 'sort'>;

/** What product rows belong to: the sales records and the documents. */
export type RowEntity = 'deal' | 'lead' | 'quote' | 'invoice';

export function rowsOf(db: Db, entity: RowEntity, entityId: number): RowRecord[] {
  return db.select().from(productRows).where(and(eq(productRows.entity, entity), eq(productRows.entityId, entityId))).orderBy(asc(productRows.sort), asc(productRows.id)).all();
}

/** Replaces the owner's rows with these, in this order. */
export function replaceRows(db: Db, entity: RowEntity, entityId: number, rows: RowValues[]): void {
  db.delete(productRows).where(and(eq(productRows.entity, entity), eq(productRows.entityId, entityId))).run();
  rows.forEach((row, i) => db.insert(productRows).values({ ...row, entity, entityId, sort: (i + 1) * 10 }).run());
}
