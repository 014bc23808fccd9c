import type { AppContext } from '../../context.js';
import type { Db } from '../../db/connection.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { deleteImage, findImage, storeImage, type ImageRow } from '../../platform/images.js';
import type { PaymentMethodInput, SellerInput } from './form.js';
import * as q from './queries.js';

/**
 * The seller on quotes and invoices (Settings → Invoices): requisites, signatures, payment methods and
 * numbering. For the PDF and e-mail features: `seller()` and `activePaymentMethods()` are what a
 * document prints.
 */
export const seller = (db: Db): q.SellerRow => q.readSeller(db);

export function saveSeller(ctx: AppContext, input: SellerInput): void {
  q.updateSeller(ctx.db, { ...input, updatedAt: ctx.clock.now() });
}

export type ImageSlot = 'logo' | 'signature' | 'stamp';
export const imageSlots: ImageSlot[] = ['logo', 'signature', 'stamp'];
const column = { logo: 'logoId', signature: 'signatureId', stamp: 'stampId' } as const;

/** Replaces (or with `data` null removes) the logo, the signature or the stamp. */
export function setSellerImage(ctx: AppContext, slot: ImageSlot, data: Buffer | null): void {
  const before = q.readSeller(ctx.db)[column[slot]];
  ctx.sqlite.transaction(() => {
    const id = data ? storeImage(ctx.db, data, ctx.clock.now()) : null;
    if (data && id === null) throw new ValidationError({ [slot]: { key: 'catalog.error.picture' } });
    q.updateSeller(ctx.db, { [column[slot]]: id, updatedAt: ctx.clock.now() });
    deleteImage(ctx.db, before);
  })();
}

export function sellerImages(db: Db): Record<ImageSlot, ImageRow | null> {
  const s = q.readSeller(db);
  return { logo: findImage(db, s.logoId), signature: findImage(db, s.signatureId), stamp: findImage(db, s.stampId) };
}

export const paymentMethods = (db: Db) => q.allPaymentMethods(db);
export const activePaymentMethods = (db: Db) => q.allPaymentMethods(db).filter((m) => m.active);

export function addPaymentMethod(ctx: AppContext, input: PaymentMethodInput): void {
  q.insertPaymentMethod(ctx.db, { ...input, createdAt: ctx.clock.now() });
}

export function paymentMethodFor(db: Db, id: number): q.PaymentMethodRow {
  const method = q.findPaymentMethod(db, id);
  if (!method) throw new NotFoundError();
  return method;
}

export function updatePaymentMethod(ctx: AppContext, id: number, input: PaymentMethodInput): void {
  paymentMethodFor(ctx.db, id);
  q.updatePaymentMethod(ctx.db, id, input);
}

export function deletePaymentMethod(ctx: AppContext, id: number): q.PaymentMethodRow {
  const method = paymentMethodFor(ctx.db, id);
  q.deletePaymentMethod(ctx.db, id);
  return method;
}
