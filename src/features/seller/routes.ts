import fs from 'node:fs';
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { csrfValid } from '../../platform/http/csrf.js';
import { requireCapability, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { receiveUpload } from '../../platform/http/upload.js';
import { MAX_IMAGE_BYTES, imageDataUrl } from '../../platform/images.js';
import { paymentMethodForm, sellerForm } from './form.js';
import * as service from './service.js';

/** The multipart route for the logo, signature and stamp: it checks the CSRF field itself (platform/http/csrf.ts). */
export const SELLER_IMAGE_UPLOAD = '/settings/seller/image';

function slotOf(value: unknown): service.ImageSlot {
  if (!service.imageSlots.includes(value as service.ImageSlot)) throw new NotFoundError();
  return value as service.ImageSlot;
}

/** Settings → Invoices: the seller's requisites, signatures and stamp, payment methods, numbering. */
export function sellerRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/settings/seller', requireUser, requireCapability('settings'));

  const show = (req: Request, res: Response, values: Record<string, unknown> = service.seller(ctx.db), errors: FieldErrors = {}, methodErrors: { id: number | null; errors: FieldErrors; values: Record<string, unknown> } | null = null) => {
    const images = service.sellerImages(ctx.db);
    res.page('seller/settings', {
      title: req.t('seller.title'),
      values,
      errors,
      images: Object.fromEntries(service.imageSlots.map((slot) => [slot, imageDataUrl(images[slot])])),
      slots: service.imageSlots,
      methods: service.paymentMethods(ctx.db),
      methodErrors,
    });
  };

  r.get('/settings/seller', (req, res) => show(req, res));

  r.post('/settings/seller', (req, res) => {
    const form = parseForm(sellerForm, req.body);
    if (!form.ok) return show(req, res.status(422), form.values, form.errors);
    service.saveSeller(ctx, form.data);
    res.flash('seller.saved');
    res.go('/settings/seller');
  });

  r.post(SELLER_IMAGE_UPLOAD, async (req, res) => {
    const slot = slotOf(req.query.slot);
    const upload = await receiveUpload(req, { field: 'image', dir: ctx.config.dataDir, maxBytes: MAX_IMAGE_BYTES });
    try {
      if (!csrfValid(ctx, req, req.get('X-CSRF-Token') ?? upload.fields._csrf)) throw new ForbiddenError('error.csrf');
      if (!upload.file) throw new ValidationError({ [slot]: { key: 'catalog.error.picture' } });
      service.setSellerImage(ctx, slot, fs.readFileSync(upload.file));
      res.flash('seller.imageSaved');
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.flash('catalog.error.picture', {}, 'error');
    } finally {
      if (upload.file) fs.rmSync(upload.file, { force: true });
    }
    res.go('/settings/seller#images');
  });

  r.post('/settings/seller/image/:slot/delete', (req, res) => {
    service.setSellerImage(ctx, slotOf(req.params.slot), null);
    res.go('/settings/seller#images');
  });

  r.post('/settings/seller/methods', (req, res) => {
    const form = parseForm(paymentMethodForm, req.body);
    if (!form.ok) return show(req, res.status(422), service.seller(ctx.db), {}, { id: null, errors: form.errors, values: form.values });
    service.addPaymentMethod(ctx, form.data);
    res.flash('seller.method.saved', { name: form.data.name });
    res.go('/settings/seller#methods');
  });

  r.post('/settings/seller/methods/:id', (req, res) => {
    const id = idParam(req);
    service.paymentMethodFor(ctx.db, id);
    const form = parseForm(paymentMethodForm, req.body);
    if (!form.ok) return show(req, res.status(422), service.seller(ctx.db), {}, { id, errors: form.errors, values: form.values });
    service.updatePaymentMethod(ctx, id, form.data);
    res.flash('seller.method.saved', { name: form.data.name });
    res.go('/settings/seller#methods');
  });

  r.post('/settings/seller/methods/:id/delete', (req, res) => {
    const method = service.deletePaymentMethod(ctx, idParam(req));
    res.flash('seller.method.deleted', { name: method.name });
    res.go('/settings/seller#methods');
  });

  return r;
}
