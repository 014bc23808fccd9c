import type { AppContext } from '../../context.js';
import type { Db } from '../../db/connection.js';
import { and, eq, or } from 'drizzle-orm';
import { documents } from '../../db/schema/index.js';
import { assertRecord, mayEntity, mayRecord, rowCondition } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { getCompany } from '../../platform/company.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { serverTimeZone, toLocalInput } from '../../platform/format.js';
import { translator, type MessageKey } from '../../platform/i18n/index.js';
import { recordChanges, recordEvent } from '../../platform/records/history.js';
import { isActiveUser, userName } from '../../platform/records/names.js';
import { findCompany } from '../companies/queries.js';
import { findContact } from '../contacts/queries.js';
import { dealFor } from '../deals/service.js';
import { copyRows, repricedRows, totalsOf, writeRows, rowsOf, type RowInput } from '../product-rows/service.js';
import { seller } from '../seller/service.js';
import type { DocumentInput } from './form.js';
import { isLocked, manualStatuses, statusAfterPayments, type DocKind, type DocStatus } from './kinds.js';
import { formatNumber, periodOf } from './numbering.js';
import { currentParties } from './parties.js';
import * as q from './queries.js';

/**
 * Quotes and invoices: owned records like deals (the responsible decides "own"), rights per kind.
 * Each is made from a deal (its client, currency and rows copied) or by hand, numbered at once from
 * its kind's template, and keeps its totals equal to the sums of its rows.
 */
export function todayOf(ctx: AppContext): string {
  return toLocalInput(ctx.clock.now(), getCompany(ctx.db)?.timeZone ?? serverTimeZone()).slice(0, 10);
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export function documentFor(ctx: AppContext, user: CurrentUser, kind: DocKind, id: number, action: 'read' | 'edit'): q.DocumentRow {
  const doc = q.findDocument(ctx.db, kind, id);
  if (!doc) throw new NotFoundError();
  assertRecord(ctx.db, user, kind, action, doc);
  return doc;
}

/** For changes to the header or the rows: a document in a final status stays as it was. */
function changeable(ctx: AppContext, user: CurrentUser, kind: DocKind, id: number): q.DocumentRow {
  const doc = documentFor(ctx, user, kind, id, 'edit');
  if (isLocked(kind, doc.status)) throw new ConflictError('documents.error.locked');
  return doc;
}

/**
 * The next number of a kind for a document dated `day` (inside the caller's transaction). Should the
 * template give a number already used (it was changed back and forth), the counter moves on.
 */
function allocateNumber(db: Db, kind: DocKind, day: string): { number: string; period: number; seq: number } {
  const s = seller(db);
  const template = kind === 'invoice' ? s.invoiceTemplate : s.quoteTemplate;
  const period = periodOf(template, day);
  for (;;) {
    const seq = q.nextSeq(db, kind, period);
    const number = formatNumber(template, day, seq);
    if (!q.numberTaken(db, kind, number)) return { number, period, seq };
  }
}

/**
 * What a new document's form starts with: today, the due day, and the layout its currency suggests —
 * in roubles the Russian "Счёт на оплату" (always in Russian), otherwise the international layout in
 * the company's language.
 */
export function newDocumentValues(ctx: AppContext, user: CurrentUser, kind: DocKind, from: { contactId?: unknown; companyId?: unknown; currency?: string } = {}): Record<string, unknown> {
  const issuedOn = todayOf(ctx);
  const currency = from.currency ?? getCompany(ctx.db)?.baseCurrency ?? 'RUB';
  const layout = currency === 'RUB' ? 'ru' : 'intl';
  const language = layout === 'ru' || getCompany(ctx.db)?.locale !== 'en' ? 'ru' : 'en';
  return { ...from, currency, issuedOn, dueOn: addDays(issuedOn, kind === 'invoice' ? seller(ctx.db).dueDays : 14), language, layout, responsibleId: user.id };
}

function checked(ctx: AppContext, user: CurrentUser, input: DocumentInput, keep: { contactId?: number | null; companyId?: number | null } = {}): DocumentInput {
  const errors: FieldErrors = {};
  if (!isActiveUser(ctx.db, input.responsibleId)) errors.responsibleId = { key: 'validation.invalid' };
  if (input.dueOn && input.dueOn < input.issuedOn) errors.dueOn = { key: 'documents.error.dueBeforeIssued' };
  if (input.contactId !== null && input.contactId !== keep.contactId) {
    const contact = findContact(ctx.db, input.contactId);
    if (!contact || !mayRecord(ctx.db, user, 'contact', 'read', contact)) errors.contactId = { key: 'validation.invalid' };
  }
  if (input.companyId !== null && input.companyId !== keep.companyId) {
    const company = findCompany(ctx.db, input.companyId);
    if (!company || !mayRecord(ctx.db, user, 'company', 'read', company)) errors.companyId = { key: 'validation.invalid' };
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return input;
}

const statusText = (db: Db, status: string) => translator(getCompany(db)?.locale === 'en' ? 'en' : 'ru')(`documents.status.${status}` as MessageKey);

/** The header as its history shows it. */
function shown(db: Db, d: Pick<q.DocumentRow, 'status' | 'issuedOn' | 'dueOn' | 'currency' | 'contactId' | 'companyId' | 'responsibleId' | 'notes' | 'language' | 'layout'>) {
  return {
    status: statusText(db, d.status), issuedOn: d.issuedOn, dueOn: d.dueOn, currency: d.currency,
    contact: d.contactId ? (findContact(db, d.contactId)?.fullName ?? null) : null, company: d.companyId ? (findCompany(db, d.companyId)?.title ?? null) : null,
    responsible: userName(db, d.responsibleId), notes: d.notes, language: d.language, layout: d.layout,
  };
}

/** An event of a document in its deal's history: made, a new status, a payment. */
export function recordDealEvent(ctx: AppContext, userId: number, doc: q.DocumentRow, event: 'Created' | 'Status' | 'Payment', value: string | null = null): void {
  if (!doc.dealId) return;
  recordEvent(ctx.db, { entity: 'deal', entityId: doc.dealId, at: ctx.clock.now(), userId, kind: 'document', field: `${doc.kind}${event}`, oldValue: value, newValue: doc.number });
}

/** Totals from the rows and the status from the payments (inside the caller's transaction). */
export function refreshTotals(ctx: AppContext, userId: number, doc: q.DocumentRow): q.DocumentRow {
  const totals = totalsOf(rowsOf(ctx.db, doc.kind as DocKind, doc.id));
  const paidMinor = q.paidSum(ctx.db, doc.id);
  const status = statusAfterPayments(doc.status as DocStatus, paidMinor, totals.totalMinor);
  q.updateDocument(ctx.db, doc.id, { netMinor: totals.netMinor, vatMinor: totals.vatMinor, totalMinor: totals.totalMinor, paidMinor, status, updatedAt: ctx.clock.now() });
  if (status !== doc.status) applyStatus(ctx, userId, doc, status);
  return q.findDocument(ctx.db, doc.kind as DocKind, doc.id)!;
}

/** A new status with its history (here and on the deal) and the requisites frozen or thawed. */
function applyStatus(ctx: AppContext, userId: number, doc: q.DocumentRow, status: DocStatus): void {
  const requisites = status === 'draft' ? null : (doc.requisites ?? JSON.stringify(currentParties(ctx.db, doc)));
  q.updateDocument(ctx.db, doc.id, { status, requisites, updatedAt: ctx.clock.now() });
  recordChanges(ctx.db, { entity: doc.kind, entityId: doc.id, at: ctx.clock.now(), userId }, { status: statusText(ctx.db, doc.status) }, { status: statusText(ctx.db, status) });
  recordDealEvent(ctx, userId, { ...doc, status }, 'Status', status);
}

interface Source {
  dealId?: number | null;
  quoteId?: number | null;
  rowsFrom?: { entity: 'deal' | 'quote'; id: number };
}

export function createDocument(ctx: AppContext, user: CurrentUser, kind: DocKind, input: DocumentInput, source: Source = {}): q.DocumentRow {
  if (!mayEntity(user, kind, 'add')) throw new ForbiddenError();
  const values = checked(ctx, user, input);
  if (!mayRecord(ctx.db, user, kind, 'add', { responsibleId: values.responsibleId })) throw new ValidationError({ responsibleId: { key: 'records.error.responsibleOutOfScope' } });
  const now = ctx.clock.now();
  return ctx.sqlite.transaction(() => {
    const doc = q.insertDocument(ctx.db, {
      ...values, ...allocateNumber(ctx.db, kind, values.issuedOn), kind, status: 'draft', dealId: source.dealId ?? null, quoteId: source.quoteId ?? null,
      createdBy: user.id, createdAt: now, updatedAt: now,
    });
    recordEvent(ctx.db, { entity: kind, entityId: doc.id, at: now, userId: user.id, kind: 'created' });
    if (source.rowsFrom) copyRows(ctx, user.id, source.rowsFrom, { entity: kind, id: doc.id });
    recordDealEvent(ctx, user.id, doc, 'Created');
    return refreshTotals(ctx, user.id, doc);
  })();
}

/**
 * A quote or invoice from a deal: its client, currency and rows, in the deal responsible's name when
 * the user may make documents for them (else in the user's own).
 */
export function createFromDeal(ctx: AppContext, user: CurrentUser, kind: DocKind, dealId: number): q.DocumentRow {
  // Like adding an activity, it writes into the deal's history: the deal must be the user's to change.
  const deal = dealFor(ctx, user, dealId, 'edit');
  const responsibleId = mayRecord(ctx.db, user, kind, 'add', { responsibleId: deal.responsibleId }) ? deal.responsibleId : user.id;
  const values = newDocumentValues(ctx, user, kind, { currency: deal.currency });
  const input: DocumentInput = {
    contactId: deal.contactId, companyId: deal.companyId, currency: deal.currency, issuedOn: values.issuedOn as string, dueOn: values.dueOn as string,
    language: values.language as 'ru' | 'en', layout: values.layout as 'ru' | 'intl', notes: null, responsibleId,
  };
  return createDocument(ctx, user, kind, input, { dealId: deal.id, rowsFrom: { entity: 'deal', id: deal.id } });
}

/** An invoice from a quote: the quote's client, currency, deal and rows; the invoice keeps the link. */
export function invoiceFromQuote(ctx: AppContext, user: CurrentUser, quoteId: number): q.DocumentRow {
  const quote = documentFor(ctx, user, 'quote', quoteId, 'read');
  const values = newDocumentValues(ctx, user, 'invoice', { currency: quote.currency });
  const input: DocumentInput = {
    contactId: quote.contactId, companyId: quote.companyId, currency: quote.currency, issuedOn: values.issuedOn as string, dueOn: values.dueOn as string,
    language: quote.language as 'ru' | 'en', layout: quote.layout as 'ru' | 'intl', notes: quote.notes, responsibleId: quote.responsibleId,
  };
  return createDocument(ctx, user, 'invoice', input, { dealId: quote.dealId, quoteId: quote.id, rowsFrom: { entity: 'quote', id: quote.id } });
}

/** A new header; a new currency reprices the rows at the current rates. */
export function updateDocument(ctx: AppContext, user: CurrentUser, kind: DocKind, id: number, input: DocumentInput): void {
  const before = changeable(ctx, user, kind, id);
  const values = checked(ctx, user, input, before);
  const rows = repricedRows(ctx.db, kind, id, before.currency, values.currency);
  ctx.sqlite.transaction(() => {
    recordChanges(ctx.db, { entity: kind, entityId: id, at: ctx.clock.now(), userId: user.id }, shown(ctx.db, before), shown(ctx.db, { ...before, ...values }));
    q.updateDocument(ctx.db, id, { ...values, updatedAt: ctx.clock.now() });
    if (rows && before.currency !== values.currency) writeRows(ctx, user.id, kind, id, rows);
    refreshTotals(ctx, user.id, q.findDocument(ctx.db, kind, id)!);
  })();
}

/** The rows editor's save for a document: its totals (and so its paid status) follow. */
export function saveDocumentRows(ctx: AppContext, user: CurrentUser, kind: DocKind, id: number, rows: RowInput[]): void {
  const doc = changeable(ctx, user, kind, id);
  ctx.sqlite.transaction(() => {
    writeRows(ctx, user.id, kind, id, rows);
    refreshTotals(ctx, user.id, doc);
  })();
}

/** A status chosen by hand; an invoice's paid statuses come from its payments. */
export function setStatus(ctx: AppContext, user: CurrentUser, kind: DocKind, id: number, status: string): void {
  const doc = documentFor(ctx, user, kind, id, 'edit');
  if (!(manualStatuses[kind] as readonly string[]).includes(status)) throw new ValidationError({ status: { key: 'validation.invalid' } });
  if (status === doc.status) return;
  ctx.sqlite.transaction(() => {
    applyStatus(ctx, user.id, doc, status as DocStatus);
    // An invoice taken back from "cancelled" with payments on it is partly paid or paid again.
    if (status !== 'cancelled') refreshTotals(ctx, user.id, q.findDocument(ctx.db, kind, id)!);
  })();
}

/**
 * The mail server accepted a message carrying this document's PDF: a draft becomes "sent", with its
 * history here and on the deal as for a status chosen by hand; any other status stays. Call inside the
 * caller's transaction. A document deleted meanwhile is left alone.
 */
export function sentByMail(ctx: AppContext, userId: number, documentId: number): void {
  const doc = q.findAnyDocument(ctx.db, documentId);
  if (doc?.status === 'draft') applyStatus(ctx, userId, doc, 'sent');
}

export const invoicesOfQuote = (db: Db, quoteId: number) => q.invoicesOfQuote(db, quoteId);

/** A deal's quotes and invoices that this user may read. */
export function documentsOfDeal(ctx: AppContext, user: CurrentUser, dealId: number): q.DocumentRow[] {
  const readable = (kind: DocKind) => and(eq(documents.kind, kind), rowCondition(ctx.db, user, kind, 'read', { responsible: documents.responsibleId }));
  return q.documentsOfDeal(ctx.db, dealId, or(readable('quote'), readable('invoice')));
}
