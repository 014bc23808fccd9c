import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, blob, index, uniqueIndex, primaryKey, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { users } from './users.js';

const live = sql`deleted_at IS NULL`;

/**
 * Currencies besides the base one (the company's, from the wizard), each with its rate history:
 * the newest row of currency_rates is the current rate. A rate is how many base-currency units one
 * unit is worth, kept as an exact decimal string ("92.5034").
 */
export const currencies = sqliteTable('currencies', {
  code: text('code').primaryKey(),
  sort: integer('sort').notNull().default(0),
  createdAt: integer('created_at').notNull(),
});

export const currencyRates = sqliteTable(
  'currency_rates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    currency: text('currency').notNull().references(() => currencies.code),
    rate: text('rate').notNull(),
    setAt: integer('set_at').notNull(),
    setBy: integer('set_by').references(() => users.id),
  },
  (t) => [index('currency_rates_currency').on(t.currency, t.id)],
);

/** Uploaded pictures (product pictures, the seller's logo, signature and stamp), checked and size-limited, kept in the database so backups hold them. */
export const images = sqliteTable('images', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** image/png | image/jpeg */
  mime: text('mime').notNull(),
  data: blob('data', { mode: 'buffer' }).notNull(),
  createdAt: integer('created_at').notNull(),
});

/**
 * Catalog sections, nested to any depth. `origin` says where a section came from (manual, 1c, store)
 * and `externalId` is its id there (a CommerceML group id), unique per origin.
 */
export const catalogSections = sqliteTable(
  'catalog_sections',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    parentId: integer('parent_id').references((): AnySQLiteColumn => catalogSections.id),
    name: text('name').notNull(),
    sort: integer('sort').notNull().default(100),
    origin: text('origin').notNull().default('manual'),
    externalId: text('external_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('catalog_sections_parent').on(t.parentId, t.sort),
    uniqueIndex('catalog_sections_external').on(t.origin, t.externalId).where(sql`external_id IS NOT NULL`),
  ],
);

/**
 * Products and services. The price is in the product's own currency; `vatBp` is the VAT rate in
 * basis points (2000 = 20 %; null: no VAT), included in the price or added to it. `unitCode` is the
 * OKEI code (796 = pieces); `unitName` is kept for units from 1C that our list does not name.
 * Products from a store or 1C carry their `origin` and `externalId` (unique per origin).
 */
export const products = sqliteTable(
  'products',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sectionId: integer('section_id').references(() => catalogSections.id),
    name: text('name').notNull(),
    sku: text('sku'),
    description: text('description'),
    unitCode: text('unit_code'),
    unitName: text('unit_name'),
    priceMinor: integer('price_minor').notNull().default(0),
    currency: text('currency').notNull(),
    vatBp: integer('vat_bp'),
    vatIncluded: integer('vat_included', { mode: 'boolean' }).notNull().default(true),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    sort: integer('sort').notNull().default(100),
    pictureId: integer('picture_id').references(() => images.id),
    origin: text('origin').notNull().default('manual'),
    externalId: text('external_id'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    deletedAt: integer('deleted_at'),
  },
  (t) => [
    index('products_name_live').on(t.name, t.id).where(live),
    index('products_sku_live').on(t.sku, t.id).where(live),
    index('products_section_live').on(t.sectionId, t.id).where(live),
    index('products_sort_live').on(t.sort, t.id).where(live),
    index('products_price_live').on(t.priceMinor, t.id).where(live),
    index('products_updated_live').on(t.updatedAt, t.id).where(live),
    index('products_created_live').on(t.createdAt, t.id).where(live),
    uniqueIndex('products_external').on(t.origin, t.externalId).where(sql`external_id IS NOT NULL`),
  ],
);

/**
 * The words of each product's name and SKU, lower-cased, for "first letters" search: a prefix is a
 * range on the primary key, so typing one letter is as cheap as typing ten.
 */
export const productWords = sqliteTable(
  'product_words',
  {
    word: text('word').notNull(),
    productId: integer('product_id').notNull().references(() => products.id),
  },
  (t) => [primaryKey({ columns: [t.word, t.productId] }), index('product_words_product').on(t.productId)],
);

/**
 * Product rows of a deal, lead, quote or invoice (`entity`, `entityId`), in the owner's currency.
 * Name, SKU and unit are copied from the catalog (or typed: `productId` null), so a row stays as it
 * was sold when the product changes. Quantity is in thousandths; the discount is a percentage (basis
 * points) or an amount off the row (minor units). The money columns are the row's figures, rounded per
 * line (platform/money.ts lineTotals): reports sum them.
 */
export const productRows = sqliteTable(
  'product_rows',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entity: text('entity').notNull(),
    entityId: integer('entity_id').notNull(),
    sort: integer('sort').notNull(),
    productId: integer('product_id').references(() => products.id),
    name: text('name').notNull(),
    sku: text('sku'),
    unitCode: text('unit_code'),
    unitName: text('unit_name'),
    quantity: integer('quantity').notNull(),
    priceMinor: integer('price_minor').notNull(),
    /** percent | amount | null */
    discountKind: text('discount_kind'),
    discountValue: integer('discount_value'),
    vatBp: integer('vat_bp'),
    vatIncluded: integer('vat_included', { mode: 'boolean' }).notNull(),
    grossMinor: integer('gross_minor').notNull(),
    discountMinor: integer('discount_minor').notNull(),
    netMinor: integer('net_minor').notNull(),
    vatMinor: integer('vat_minor').notNull(),
    totalMinor: integer('total_minor').notNull(),
  },
  (t) => [index('product_rows_owner').on(t.entity, t.entityId, t.sort), index('product_rows_product').on(t.productId)],
);
