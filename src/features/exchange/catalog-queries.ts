import type Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import type { Db, Sqlite } from '../../db/connection.js';
import { exchangePriceTypes, exchangeWarehouses, productExchange, productPrices, productStock } from '../../db/schema/index.js';
import { searchWords } from '../catalog/queries.js';

/**
 * SQL of the catalog import. It runs for every one of tens of thousands of records, where building
 * a drizzle query costs several times what SQLite takes to run it (measured: 0.4 ms to build a
 * product insert), so the statements here are plain SQL prepared once per connection. They write the
 * same columns the catalog's own queries do, and index a product's words with the catalog's
 * searchWords, so a product from 1C is found and shown like any other.
 */
export const ORIGIN_1C = '1c';

export interface ImportedProduct {
  id: number;
  name: string;
  sku: string | null;
  sectionId: number | null;
  unitCode: string | null;
  unitName: string | null;
  vatBp: number | null;
  vatIncluded: number;
  pictureId: number | null;
  deletedAt: number | null;
}

const SQL = {
  section: `SELECT id FROM catalog_sections WHERE origin = '1c' AND external_id = ?`,
  insertSection: `INSERT INTO catalog_sections (parent_id, name, origin, external_id, created_at, updated_at) VALUES (?, ?, '1c', ?, ?, ?) RETURNING id`,
  updateSection: `UPDATE catalog_sections SET name = ?, parent_id = ?, updated_at = ? WHERE id = ?`,
  product: `SELECT id, name, sku, section_id AS sectionId, unit_code AS unitCode, unit_name AS unitName, vat_bp AS vatBp, vat_included AS vatIncluded, picture_id AS pictureId, deleted_at AS deletedAt FROM products WHERE origin = '1c' AND external_id = ?`,
  insertProduct: `INSERT INTO products (section_id, name, sku, description, unit_code, unit_name, price_minor, currency, vat_bp, vat_included, picture_id, origin, external_id, created_by, created_at, updated_at)
    VALUES (@sectionId, @name, @sku, @description, @unitCode, @unitName, @priceMinor, @currency, @vatBp, @vatIncluded, @pictureId, '1c', @externalId, @createdBy, @now, @now) RETURNING id`,
  updateProduct: `UPDATE products SET name = @name, sku = @sku, description = @description, unit_code = @unitCode, unit_name = @unitName, section_id = @sectionId,
    vat_bp = CASE WHEN @setVat THEN @vatBp ELSE vat_bp END, picture_id = CASE WHEN @setPicture THEN @pictureId ELSE picture_id END,
    active = 1, deleted_at = NULL, updated_at = @now WHERE id = @id`,
  offerUpdate: `UPDATE products SET name = coalesce(@name, name), sku = coalesce(@sku, sku), price_minor = coalesce(@priceMinor, price_minor), currency = coalesce(@currency, currency), updated_at = @now WHERE id = @id`,
  deleteProduct: `UPDATE products SET deleted_at = @now, updated_at = @now WHERE id = @id AND deleted_at IS NULL`,
  unindex: `DELETE FROM product_words WHERE product_id = ?`,
  index: `INSERT OR IGNORE INTO product_words (word, product_id) VALUES (?, ?)`,
  extrasOfProduct: `INSERT INTO product_exchange (product_id, version, barcode, properties, updated_at) VALUES (@id, @version, @barcode, @properties, @now)
    ON CONFLICT (product_id) DO UPDATE SET version = excluded.version, barcode = excluded.barcode, properties = excluded.properties, updated_at = excluded.updated_at`,
  extrasOfOffer: `INSERT INTO product_exchange (product_id, version, barcode, stock, parent_id, updated_at) VALUES (@id, @version, @barcode, @stock, @parentId, @now)
    ON CONFLICT (product_id) DO UPDATE SET version = coalesce(excluded.version, version), barcode = coalesce(excluded.barcode, barcode), stock = coalesce(excluded.stock, stock),
    parent_id = coalesce(excluded.parent_id, parent_id), updated_at = excluded.updated_at`,
  fromOrder: `INSERT INTO product_exchange (product_id, from_order, updated_at) VALUES (?, 1, ?) ON CONFLICT (product_id) DO UPDATE SET from_order = 1`,
  price: `INSERT INTO product_prices (product_id, price_type_id, price_minor, currency) VALUES (?, ?, ?, ?)
    ON CONFLICT (product_id, price_type_id) DO UPDATE SET price_minor = excluded.price_minor, currency = excluded.currency`,
  clearStock: `DELETE FROM product_stock WHERE product_id = ?`,
  stock: `INSERT INTO product_stock (product_id, warehouse_id, quantity) VALUES (?, ?, ?) ON CONFLICT (product_id, warehouse_id) DO UPDATE SET quantity = excluded.quantity`,
  stockTotal: `SELECT coalesce(sum(quantity), 0) FROM product_stock WHERE product_id = ?`,
  property: `SELECT name, options FROM exchange_properties WHERE id = ?`,
  upsertProperty: `INSERT INTO exchange_properties (id, name, value_type, options, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, value_type = excluded.value_type, options = excluded.options, updated_at = excluded.updated_at`,
  deactivate: `UPDATE products SET active = 0, updated_at = @now WHERE origin = '1c' AND active = 1 AND deleted_at IS NULL
    AND id IN (SELECT product_id FROM product_exchange WHERE from_order = 0 AND parent_id IS NULL AND updated_at < @since)`,
} as const;

type Statements = { [K in keyof typeof SQL]: Database.Statement };
const cache = new WeakMap<Sqlite, Statements>();

function st(sqlite: Sqlite): Statements {
  let s = cache.get(sqlite);
  if (!s) {
    s = Object.fromEntries(Object.entries(SQL).map(([k, text]) => [k, sqlite.prepare(text)])) as Statements;
    cache.set(sqlite, s);
  }
  return s;
}

export function sectionIdByExternal(sqlite: Sqlite, externalId: string): number | null {
  return (st(sqlite).section.get(externalId) as { id: number } | undefined)?.id ?? null;
}

export function insertSection(sqlite: Sqlite, v: { parentId: number | null; name: string; externalId: string; now: number }): number {
  return (st(sqlite).insertSection.get(v.parentId, v.name, v.externalId, v.now, v.now) as { id: number }).id;
}

export function updateSection(sqlite: Sqlite, id: number, v: { parentId: number | null; name: string; now: number }): void {
  st(sqlite).updateSection.run(v.name, v.parentId, v.now, id);
}

export function productByExternal(sqlite: Sqlite, externalId: string): ImportedProduct | null {
  return (st(sqlite).product.get(externalId) as ImportedProduct | undefined) ?? null;
}

export interface ProductValues {
  name: string;
  sku: string | null;
  description: string | null;
  unitCode: string | null;
  unitName: string | null;
  sectionId: number | null;
}

export function insertProduct(
  sqlite: Sqlite,
  v: ProductValues & { externalId: string; priceMinor: number; currency: string; vatBp: number | null; vatIncluded: boolean; pictureId: number | null; createdBy: number | null; now: number },
): number {
  const id = (st(sqlite).insertProduct.get({ ...v, vatIncluded: v.vatIncluded ? 1 : 0 }) as { id: number }).id;
  indexWords(sqlite, id, v.name, v.sku);
  return id;
}

/** Rewrites a product from 1C's catalog; VAT and picture only when the file says something about them. */
export function updateProduct(sqlite: Sqlite, before: ImportedProduct, v: ProductValues & { vat?: number | null; pictureId?: number | null; now: number }): void {
  st(sqlite).updateProduct.run({
    ...v,
    id: before.id,
    setVat: v.vat !== undefined ? 1 : 0,
    vatBp: v.vat ?? null,
    setPicture: v.pictureId !== undefined ? 1 : 0,
    pictureId: v.pictureId ?? null,
  });
  if (before.name !== v.name || before.sku !== v.sku || before.deletedAt !== null) indexWords(sqlite, before.id, v.name, v.sku);
}

/** An offer's news for its product: each field only when given. */
export function updateFromOffer(sqlite: Sqlite, before: ImportedProduct, v: { name?: string; sku?: string; priceMinor?: number; currency?: string; now: number }): void {
  st(sqlite).offerUpdate.run({ id: before.id, name: v.name ?? null, sku: v.sku ?? null, priceMinor: v.priceMinor ?? null, currency: v.currency ?? null, now: v.now });
  if ((v.name && v.name !== before.name) || (v.sku && v.sku !== before.sku)) indexWords(sqlite, before.id, v.name ?? before.name, v.sku ?? before.sku);
}

export function deleteProduct(sqlite: Sqlite, id: number, now: number): void {
  st(sqlite).deleteProduct.run({ id, now });
  st(sqlite).unindex.run(id);
}

function indexWords(sqlite: Sqlite, id: number, name: string, sku: string | null): void {
  const s = st(sqlite);
  s.unindex.run(id);
  for (const word of searchWords(name, sku)) s.index.run(word, id);
}

export function saveProductExtras(sqlite: Sqlite, v: { id: number; version: string | null; barcode: string | null; properties: string | null; now: number }): void {
  st(sqlite).extrasOfProduct.run(v);
}

export function saveOfferExtras(sqlite: Sqlite, v: { id: number; version?: string; barcode?: string; stock?: number; parentId?: number; now: number }): void {
  st(sqlite).extrasOfOffer.run({ id: v.id, version: v.version ?? null, barcode: v.barcode ?? null, stock: v.stock ?? null, parentId: v.parentId ?? null, now: v.now });
}

export function markFromOrder(sqlite: Sqlite, id: number, now: number): void {
  st(sqlite).fromOrder.run(id, now);
}

export function savePrice(sqlite: Sqlite, productId: number, priceTypeId: string, priceMinor: number, currency: string): void {
  st(sqlite).price.run(productId, priceTypeId, priceMinor, currency);
}

/** Writes stock per warehouse (all of it when `replace`) and returns the product's total. */
export function saveStock(sqlite: Sqlite, productId: number, rows: { warehouseId: string; quantity: number }[], replace: boolean): number {
  const s = st(sqlite);
  if (replace) s.clearStock.run(productId);
  for (const r of rows) s.stock.run(productId, r.warehouseId, r.quantity);
  return s.stockTotal.pluck().get(productId) as number;
}

export function findProperty(sqlite: Sqlite, id: string): { name: string; options: string } | null {
  return (st(sqlite).property.get(id) as { name: string; options: string } | undefined) ?? null;
}

export function upsertProperty(sqlite: Sqlite, v: { id: string; name: string; valueType: string | null; options: string; now: number }): void {
  st(sqlite).upsertProperty.run(v.id, v.name, v.valueType, v.options, v.now);
}

/**
 * After a full unload: products from 1C's catalog that the file did not name (their extras were not
 * touched since `since`) are switched off, as Bitrix deactivates them. Products added from orders stay.
 */
export function deactivateUnseen(sqlite: Sqlite, since: number, now: number): number {
  return st(sqlite).deactivate.run({ since, now }).changes;
}

export function upsertPriceType(db: Db, row: typeof exchangePriceTypes.$inferInsert): void {
  db.insert(exchangePriceTypes).values(row).onConflictDoUpdate({ target: exchangePriceTypes.id, set: { name: row.name, currency: row.currency, taxIncluded: row.taxIncluded, updatedAt: row.updatedAt } }).run();
}

export function priceTypes(db: Db) {
  return db.select().from(exchangePriceTypes).orderBy(exchangePriceTypes.name).all();
}

export function upsertWarehouse(db: Db, row: typeof exchangeWarehouses.$inferInsert): void {
  db.insert(exchangeWarehouses).values(row).onConflictDoUpdate({ target: exchangeWarehouses.id, set: { name: row.name, deleted: row.deleted, updatedAt: row.updatedAt } }).run();
}

/** Prices and stock of a product for its page: every price type and warehouse 1C sent. */
export function productExchangeView(db: Db, productId: number) {
  const prices = db
    .select({ name: exchangePriceTypes.name, priceMinor: productPrices.priceMinor, currency: productPrices.currency, priceTypeId: productPrices.priceTypeId })
    .from(productPrices)
    .leftJoin(exchangePriceTypes, eq(exchangePriceTypes.id, productPrices.priceTypeId))
    .where(eq(productPrices.productId, productId))
    .all();
  const stock = db
    .select({ name: exchangeWarehouses.name, warehouseId: productStock.warehouseId, quantity: productStock.quantity })
    .from(productStock)
    .leftJoin(exchangeWarehouses, eq(exchangeWarehouses.id, productStock.warehouseId))
    .where(eq(productStock.productId, productId))
    .all();
  const extras = db.select().from(productExchange).where(eq(productExchange.productId, productId)).get() ?? null;
  return { extras, prices, stock };
}
