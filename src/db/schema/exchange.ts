import { sqliteTable, text, integer, index, primaryKey, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './users.js';
import { products } from './catalog.js';
import { deals } from './records.js';

/**
 * Sessions of the 1C / store exchange endpoint (`/1c_exchange.php`): made by `mode=checkauth` with
 * Basic credentials of a user with the exchange right, then named by a cookie. Kept apart from web
 * sessions so the exchange cookie opens no page of the CRM. Only the token's SHA-256 is stored.
 */
export const exchangeSessions = sqliteTable(
  'exchange_sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    ip: text('ip'),
  },
  (t) => [index('exchange_sessions_user').on(t.userId)],
);

/** Every request to the exchange endpoint and its answer, for the administrators' exchange log. */
export const exchangeLog = sqliteTable(
  'exchange_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    userId: integer('user_id').references(() => users.id),
    ip: text('ip'),
    method: text('method').notNull(),
    /** catalog | sale | null when not given */
    type: text('type'),
    mode: text('mode'),
    filename: text('filename'),
    /** Bytes of the request body (a file chunk). */
    bytesIn: integer('bytes_in').notNull().default(0),
    status: integer('status').notNull(),
    /** The plain-text answer, or a summary of an XML one ("XML, 2 orders, 4 KB"), cut to a few hundred characters. */
    answer: text('answer').notNull(),
    ms: integer('ms').notNull(),
  },
  (t) => [index('exchange_log_at').on(t.at)],
);

/**
 * One import of one file (over HTTP or from the exchange folder) or one export of orders: what it
 * was, how it ended, its counts and its error, for the settings page's "last exchanges".
 */
export const exchangeRuns = sqliteTable(
  'exchange_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** http | folder */
    source: text('source').notNull(),
    /** catalog | sale */
    type: text('type').notNull(),
    /** import | export */
    direction: text('direction').notNull(),
    filename: text('filename').notNull(),
    userId: integer('user_id').references(() => users.id),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    /** running | ok | error */
    outcome: text('outcome').notNull(),
    /** JSON object of counts, e.g. {"products": 120, "offers": 240}. */
    counts: text('counts'),
    error: text('error'),
  },
  (t) => [index('exchange_runs_started').on(t.startedAt)],
);

/** Price types of 1C (Розничная, Оптовая…): one is the CRM price (settings), the others are kept per product. */
export const exchangePriceTypes = sqliteTable('exchange_price_types', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  currency: text('currency'),
  taxIncluded: integer('tax_included', { mode: 'boolean' }),
  updatedAt: integer('updated_at').notNull(),
});

/** Warehouses of 1C, for stock per warehouse. */
export const exchangeWarehouses = sqliteTable('exchange_warehouses', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  deleted: integer('deleted', { mode: 'boolean' }).notNull().default(false),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * Properties of 1C's classifier: a product's value of a "Справочник" property is an option id,
 * read into its text through `options` (JSON: id → text), also across files of one exchange.
 */
export const exchangeProperties = sqliteTable('exchange_properties', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  valueType: text('value_type'),
  options: text('options').notNull().default('{}'),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * What 1C says about a catalog product beyond the catalog's own columns: its version, barcode,
 * property values (JSON list of {name, value}), the product an offer with characteristics belongs to,
 * and whether it was added from an order rather than from 1C's catalog.
 */
export const productExchange = sqliteTable(
  'product_exchange',
  {
    productId: integer('product_id').primaryKey().references(() => products.id),
    version: text('version'),
    barcode: text('barcode'),
    properties: text('properties'),
    parentId: integer('parent_id').references(() => products.id),
    fromOrder: integer('from_order', { mode: 'boolean' }).notNull().default(false),
    /** The stock over every warehouse, in thousandths; null until 1C sent stock. */
    stock: integer('stock'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('product_exchange_parent').on(t.parentId)],
);

/** A product's price per 1C price type, in minor units of that price's currency. */
export const productPrices = sqliteTable(
  'product_prices',
  {
    productId: integer('product_id').notNull().references(() => products.id),
    priceTypeId: text('price_type_id').notNull(),
    priceMinor: integer('price_minor').notNull(),
    currency: text('currency').notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.priceTypeId] })],
);

/** A product's stock per 1C warehouse, in thousandths. */
export const productStock = sqliteTable(
  'product_stock',
  {
    productId: integer('product_id').notNull().references(() => products.id),
    warehouseId: text('warehouse_id').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.warehouseId] })],
);

/**
 * The deal an order of the exchange is: `exchangeId` is the order's Ид in CommerceML (the store's or
 * 1C's for orders that came in, "crm-<deal>" for deals sent out first), unique, so the same document
 * twice finds the same deal. `origin` says where the order was made (store | 1c | crm): orders made in
 * 1C are never sent back to it. `importedUpdatedAt` is the deal's updatedAt as the last import left
 * it: a deal not changed since then is not sent back either.
 */
export const exchangeOrders = sqliteTable(
  'exchange_orders',
  {
    dealId: integer('deal_id').primaryKey().references(() => deals.id),
    exchangeId: text('exchange_id').notNull(),
    number: text('number'),
    number1c: text('number_1c'),
    version: text('version'),
    origin: text('origin').notNull(),
    importedUpdatedAt: integer('imported_updated_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('exchange_orders_exchange_id').on(t.exchangeId), index('exchange_orders_number_1c').on(t.number1c)],
);

/** Contacts and companies known to 1C or a store by their counterparty Ид. */
export const exchangeParties = sqliteTable(
  'exchange_parties',
  {
    externalId: text('external_id').notNull(),
    /** contact | company */
    entity: text('entity').notNull(),
    recordId: integer('record_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entity, t.externalId] })],
);
