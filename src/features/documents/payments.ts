import crypto from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { getCompany } from '../../platform/company.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { formatter, serverTimeZone } from '../../platform/format.js';
import { recordEvent } from '../../platform/records/history.js';
import { paymentMinor, type PaymentInput } from './form.js';
import type { DocKind } from './kinds.js';
import * as q from './queries.js';
import { documentFor, recordDealEvent, refreshTotals, todayOf } from './service.js';

/**
 * Payments against an invoice (each with its day and amount) and the public link of a document.
 * An invoice is "partly paid" or "paid" by the sum of its payments; a cancelled one takes none.
 */
function shownAmount(ctx: AppContext, minor: number, currency: string): string {
  const company = getCompany(ctx.db);
  return formatter(company?.locale === 'en' ? 'en' : 'ru', company?.timeZone ?? serverTimeZone()).money(minor, currency);
}

export function recordPayment(ctx: AppContext, user: CurrentUser, id: number, input: PaymentInput): void {
  const doc = documentFor(ctx, user, 'invoice', id, 'edit');
  const amountMinor = paymentMinor(input, doc.currency);
  if (amountMinor === null) throw new ValidationError({ amount: { key: 'validation.money' } });
  addPayment(ctx, user, doc, input.paidOn, amountMinor, input.note);
}

function addPayment(ctx: AppContext, user: CurrentUser, doc: q.DocumentRow, paidOn: string, amountMinor: number, note: string | null): void {
  if (doc.status === 'cancelled') throw new ConflictError('documents.error.cancelled');
  const now = ctx.clock.now();
  ctx.sqlite.transaction(() => {
    q.insertPayment(ctx.db, { documentId: doc.id, paidOn, amountMinor, note, createdBy: user.id, createdAt: now });
    const shown = shownAmount(ctx, amountMinor, doc.currency);
    recordEvent(ctx.db, { entity: 'invoice', entityId: doc.id, at: now, userId: user.id, kind: 'document', field: 'invoicePayment', oldValue: shown, newValue: doc.number });
    recordDealEvent(ctx, user.id, doc, 'Payment', shown);
    refreshTotals(ctx, user.id, doc);
  })();
}

/** "Paid in full": a payment of what is left, dated today. */
export function markPaid(ctx: AppContext, user: CurrentUser, id: number): void {
  const doc = documentFor(ctx, user, 'invoice', id, 'edit');
  const left = doc.totalMinor - doc.paidMinor;
  if (left <= 0) throw new ConflictError('documents.error.nothingToPay');
  addPayment(ctx, user, doc, todayOf(ctx), left, null);
}

export function deletePayment(ctx: AppContext, user: CurrentUser, id: number, paymentId: number): void {
  const doc = documentFor(ctx, user, 'invoice', id, 'edit');
  const payment = q.findPayment(ctx.db, doc.id, paymentId);
  if (!payment) throw new NotFoundError();
  ctx.sqlite.transaction(() => {
    q.deletePayment(ctx.db, payment.id);
    recordEvent(ctx.db, { entity: 'invoice', entityId: doc.id, at: ctx.clock.now(), userId: user.id, kind: 'document', field: 'invoicePaymentDeleted', oldValue: shownAmount(ctx, payment.amountMinor, doc.currency), newValue: doc.number });
    refreshTotals(ctx, user.id, doc);
  })();
}

export const paymentsOf = (ctx: AppContext, id: number) => q.paymentsOf(ctx.db, id);

/**
 * Opens the document to whoever holds its link: a random token (32 bytes, unguessable) until it is
 * revoked. Making a new link revokes the old one.
 */
export function publishDocument(ctx: AppContext, user: CurrentUser, kind: DocKind, id: number): string {
  documentFor(ctx, user, kind, id, 'edit');
  const token = crypto.randomBytes(32).toString('base64url');
  q.updateDocument(ctx.db, id, { publicToken: token, updatedAt: ctx.clock.now() });
  return token;
}

export function revokeDocumentLink(ctx: AppContext, user: CurrentUser, kind: DocKind, id: number): void {
  documentFor(ctx, user, kind, id, 'edit');
  q.updateDocument(ctx.db, id, { publicToken: null, updatedAt: ctx.clock.now() });
}

/** The document behind a public link, or 404: a revoked or made-up token finds nothing. */
export function publicDocument(ctx: AppContext, token: string): q.DocumentRow {
  const doc = /^[A-Za-z0-9_-]{43}$/.test(token) ? q.findByToken(ctx.db, token) : null;
  if (!doc) throw new NotFoundError();
  return doc;
}
