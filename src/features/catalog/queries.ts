import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { memo } from '../../db/memo.js';
import { catalogSections, products, productWords } from '../../db/schema/index.js';

export type ProductRow = typeof products.$inferSelect;
export type SectionRow = typeof catalogSections.$inferSelect;

export function findProduct(db: Db, id: number): ProductRow | null {
  return db.select().from(products).where(and(eq(products.id, id), isNull(products.deletedAt))).get() ?? null;
}

export function insertProduct(db: Db, values: typeof products.$inferInsert): ProductRow {
  return db.insert(products).values(values).returning().get();
}

export function updateProduct(db: Db, id: number, values: Partial<typeof products.$inferInsert>): void {
  db.update(products).set(values).where(eq(products.id, id)).run();
}

/** Every section, memoized: the tree is drawn on each catalog page and sections change rarely. */
export function allSections(db: Db): SectionRow[] {
  return memo(db, 'catalog.sections', () => db.select().from(catalogSections).orderBy(asc(catalogSections.sort), asc(catalogSections.name)).all());
}

export function findSection(db: Db, id: number): SectionRow | null {
  return allSections(db).find((s) => s.id === id) ?? null;
}

export function insertSection(db: Db, values: typeof catalogSections.$inferInsert): SectionRow {
  return db.insert(catalogSections).values(values).returning().get();
}

export function updateSection(db: Db, id: number, values: Partial<typeof catalogSections.$inferInsert>): void {
  db.update(catalogSections).set(values).where(eq(catalogSections.id, id)).run();
}

export function deleteSection(db: Db, id: number): void {
  db.delete(catalogSections).where(eq(catalogSections.id, id)).run();
}

/** Products (deleted ones included: they still point at it) in a section. */
export function productsInSection(db: Db, sectionId: number): number {
  return db.select({ n: sql<number>`count(*)` }).from(products).where(eq(products.sectionId, sectionId)).get()!.n;
}

/**
 * The words a product is found by while typing: each word of its name and SKU, lower-cased with ё
 * read as е, and the SKU whole and without its punctuation ("AB-12/3" is also "ab123").
 */
export function searchWords(name: string, sku: string | null): string[] {
  const fold = (s: string) => s.toLowerCase().replace(/ё/g, 'е');
  const words = new Set<string>();
  for (const text of [name, sku ?? '']) for (const w of fold(text).split(/[^\p{L}\p{N}]+/u)) if (w) words.add(w.slice(0, 60));
  if (sku) {
    words.add(fold(sku).trim().slice(0, 60));
    words.add(fold(sku).replace(/[^\p{L}\p{N}]+/gu, '').slice(0, 60));
  }
  words.delete('');
  return [...words];
}

export function indexProductWords(db: Db, id: number, name: string, sku: string | null): void {
  db.delete(productWords).where(eq(productWords.productId, id)).run();
  const words = searchWords(name, sku);
  if (words.length) db.insert(productWords).values(words.map((word) => ({ word, productId: id }))).onConflictDoNothing().run();
}

export function unindexProductWords(db: Db, id: number): void {
  db.delete(productWords).where(eq(productWords.productId, id)).run();
}

/**
 * Ids of live products having, for every word typed, a word that starts with it (at most `limit`,
 * and at most five words are looked at). Each word is a range on the words' primary key.
 */
export function productIdsByPrefix(db: Db, typed: string, limit: number, onlyActive = false): number[] {
  const words = searchWords(typed, null).slice(0, 5);
  if (words.length === 0) return [];
  const conditions = words.map((w) => sql`${products.id} IN (SELECT ${productWords.productId} FROM ${productWords} WHERE ${productWords.word} >= ${w} AND ${productWords.word} < ${`${w}\u{10FFFF}`})`);
  return db
    .select({ id: products.id })
    .from(products)
    .where(and(isNull(products.deletedAt), onlyActive ? eq(products.active, true) : undefined, ...conditions))
    .orderBy(asc(products.name), asc(products.id))
    .limit(limit)
    .all()
    .map((r) => r.id);
}

export function productsByIds(db: Db, ids: number[]): ProductRow[] {
  if (ids.length === 0) return [];
  const rows = db.select().from(products).where(inArray(products.id, ids)).all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is ProductRow => Boolean(r));
}
