import { sqliteTable, text, integer, index, uniqueIndex, primaryKey, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { users } from './users.js';
import { companies, contacts, deals } from './records.js';
import { images } from './catalog.js';

const live = sql`deleted_at IS NULL`;

/**
 * Quotes and invoices (`kind`). The number comes from the kind's template and counter and is never
 * reused. Totals are the sums of the document's product rows (product_rows with entity = kind).
 * `requisites` freezes the seller's and buyer's details (JSON) when the document leaves "draft", so a
 * sent invoice prints the same later; a draft prints the current ones. `publicToken`, while set, opens
 * the document to anyone holding the link.
 */
export const documents = sqliteTable(
  'documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    number: text('number').notNull(),
    /** The counter's period (the year, or 0 when the template has no year) and place in it. */
    period: integer('period').notNull(),
    seq: integer('seq').notNull(),
    issuedOn: text('issued_on').notNull(),
    dueOn: text('due_on'),
    status: text('status').notNull(),
    dealId: integer('deal_id').references(() => deals.id),
    /** An invoice made from a quote keeps the quote. */
    quoteId: integer('quote_id').references((): AnySQLiteColumn => documents.id),
    contactId: integer('contact_id').references(() => contacts.id),
    companyId: integer('company_id').references(() => companies.id),
    currency: text('currency').notNull(),
    netMinor: integer('net_minor').notNull().default(0),
    vatMinor: integer('vat_minor').notNull().default(0),
    totalMinor: integer('total_minor').notNull().default(0),
    paidMinor: integer('paid_minor').notNull().default(0),
    /** The language it is printed in (ru | en) and its layout (ru: the Russian "Счёт на оплату"; intl). */
    language: text('language').notNull(),
    layout: text('layout').notNull(),
    /** Printed on the document (terms, "basis: contract No…"). */
    notes: text('notes'),
    responsibleId: integer('responsible_id').notNull().references(() => users.id),
    publicToken: text('public_token'),
    requisites: text('requisites'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    deletedAt: integer('deleted_at'),
  },
  (t) => [
    uniqueIndex('documents_number').on(t.kind, t.number),
    uniqueIndex('documents_public_token').on(t.publicToken).where(sql`public_token IS NOT NULL`),
    index('documents_kind_live').on(t.kind, t.id).where(live),
    index('documents_kind_issued_live').on(t.kind, t.issuedOn, t.id).where(live),
    index('documents_kind_due_live').on(t.kind, t.dueOn, t.id).where(live),
    index('documents_kind_total_live').on(t.kind, t.totalMinor, t.id).where(live),
    index('documents_responsible').on(t.responsibleId, t.id),
    index('documents_deal').on(t.dealId),
    index('documents_quote').on(t.quoteId),
    index('documents_contact').on(t.contactId),
    index('documents_company').on(t.companyId),
  ],
);

/** The last number given per kind and period: only ever goes up, so a number is never given twice. */
export const documentCounters = sqliteTable(
  'document_counters',
  {
    kind: text('kind').notNull(),
    period: integer('period').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.period] })],
);

/** Payments recorded against an invoice: they decide "partly paid" and "paid". */
export const payments = sqliteTable(
  'payments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id').notNull().references(() => documents.id),
    paidOn: text('paid_on').notNull(),
    amountMinor: integer('amount_minor').notNull(),
    note: text('note'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('payments_document').on(t.documentId, t.paidOn)],
);

/**
 * The seller on quotes and invoices (one row, id 1): requisites (Russian ones and their equivalents
 * elsewhere: VAT id, IBAN, SWIFT), the people who sign, images, payment details, numbering templates.
 */
export const sellerSettings = sqliteTable('seller_settings', {
  id: integer('id').primaryKey(),
  legalName: text('legal_name'),
  inn: text('inn'),
  kpp: text('kpp'),
  ogrn: text('ogrn'),
  vatId: text('vat_id'),
  legalAddress: text('legal_address'),
  address: text('address'),
  phone: text('phone'),
  email: text('email'),
  bankName: text('bank_name'),
  bik: text('bik'),
  corrAccount: text('corr_account'),
  account: text('account'),
  swift: text('swift'),
  iban: text('iban'),
  bankAddress: text('bank_address'),
  director: text('director'),
  accountant: text('accountant'),
  paymentDetails: text('payment_details'),
  logoId: integer('logo_id').references(() => images.id),
  signatureId: integer('signature_id').references(() => images.id),
  stampId: integer('stamp_id').references(() => images.id),
  quoteTemplate: text('quote_template').notNull().default('Q-{YYYY}-{N}'),
  invoiceTemplate: text('invoice_template').notNull().default('INV-{YYYY}-{N}'),
  /** Days from the invoice date to its due date, for new invoices. */
  dueDays: integer('due_days').notNull().default(5),
  updatedAt: integer('updated_at').notNull(),
});

/** Ways to pay printed on invoices: bank transfer (details) or a payment link (a plain URL). */
export const paymentMethods = sqliteTable('payment_methods', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** bank | link */
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  url: text('url'),
  details: text('details'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  sort: integer('sort').notNull().default(100),
  createdAt: integer('created_at').notNull(),
});
