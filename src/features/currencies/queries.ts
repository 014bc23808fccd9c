import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { currencies, currencyRates, products, users } from '../../db/schema/index.js';
import { memo } from '../../db/memo.js';

export type CurrencyRow = typeof currencies.$inferSelect;

/** Every currency besides the base one with its current (newest) rate. */
export function currenciesWithRates(db: Db): { code: string; rate: string | null; setAt: number | null }[] {
  return memo(db, 'currencies.rates', () =>
    db.all<{ code: string; rate: string | null; setAt: number | null }>(sql`
      SELECT c.code AS code, r.rate AS rate, r.set_at AS setAt
      FROM ${currencies} c LEFT JOIN ${currencyRates} r ON r.id = (SELECT max(id) FROM ${currencyRates} WHERE currency = c.code)
      ORDER BY c.sort, c.code`),
  );
}

export function findCurrency(db: Db, code: string): CurrencyRow | null {
  return db.select().from(currencies).where(eq(currencies.code, code)).get() ?? null;
}

export function insertCurrency(db: Db, code: string, now: number): void {
  const sort = db.select({ n: sql<number>`coalesce(max(${currencies.sort}), 0) + 10` }).from(currencies).get()!.n;
  db.insert(currencies).values({ code, sort, createdAt: now }).run();
}

export function insertRate(db: Db, values: typeof currencyRates.$inferInsert): void {
  db.insert(currencyRates).values(values).run();
}

/** A currency's rates, newest first, with who set them. */
export function rateHistory(db: Db, code: string) {
  return db
    .select({ rate: currencyRates.rate, setAt: currencyRates.setAt, userName: users.fullName })
    .from(currencyRates)
    .leftJoin(users, eq(users.id, currencyRates.setBy))
    .where(eq(currencyRates.currency, code))
    .orderBy(desc(currencyRates.id))
    .all();
}

export function productsPricedIn(db: Db, code: string): number {
  return db.select({ n: sql<number>`count(*)` }).from(products).where(eq(products.currency, code)).get()!.n;
}

export function deleteCurrency(db: Db, code: string): void {
  db.delete(currencyRates).where(eq(currencyRates.currency, code)).run();
  db.delete(currencies).where(eq(currencies.code, code)).run();
}

export function currencyCodes(db: Db): string[] {
  return db.select({ code: currencies.code }).from(currencies).orderBy(asc(currencies.sort)).all().map((c) => c.code);
}
