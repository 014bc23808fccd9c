import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { paymentMethods, sellerSettings } from '../../db/schema/index.js';

export type SellerRow = typeof sellerSettings.$inferSelect;
export type PaymentMethodRow = typeof paymentMethods.$inferSelect;

/** The seller's row; until it is first saved, the defaults of the table (templates, due days) with empty requisites. */
export function readSeller(db: Db): SellerRow {
  const row = db.select().from(sellerSettings).where(eq(sellerSettings.id, 1)).get();
  if (row) return row;
  db.insert(sellerSettings).values({ id: 1, updatedAt: 0 }).onConflictDoNothing().run();
  return db.select().from(sellerSettings).where(eq(sellerSettings.id, 1)).get()!;
}

export function updateSeller(db: Db, values: Partial<typeof sellerSettings.$inferInsert>): void {
  readSeller(db);
  db.update(sellerSettings).set(values).where(eq(sellerSettings.id, 1)).run();
}

export function allPaymentMethods(db: Db): PaymentMethodRow[] {
  return db.select().from(paymentMethods).orderBy(asc(paymentMethods.sort), asc(paymentMethods.id)).all();
}

export function findPaymentMethod(db: Db, id: number): PaymentMethodRow | null {
  return db.select().from(paymentMethods).where(eq(paymentMethods.id, id)).get() ?? null;
}

export function insertPaymentMethod(db: Db, values: typeof paymentMethods.$inferInsert): void {
  db.insert(paymentMethods).values(values).run();
}

export function updatePaymentMethod(db: Db, id: number, values: Partial<typeof paymentMethods.$inferInsert>): void {
  db.update(paymentMethods).set(values).where(eq(paymentMethods.id, id)).run();
}

export function deletePaymentMethod(db: Db, id: number): void {
  db.delete(paymentMethods).where(eq(paymentMethods.id, id)).run();
}
