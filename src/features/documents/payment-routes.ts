import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { ValidationError } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { paymentForm } from './form.js';
import { basePath, docKinds } from './kinds.js';
import * as payments from './payments.js';

/** Payments of an invoice and the public link of a quote or invoice. */
export function paymentRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/quotes', requireUser);
  r.use('/invoices', requireUser);

  r.post('/invoices/:id/payments', (req, res) => {
    const id = idParam(req);
    const form = parseForm(paymentForm, req.body);
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      payments.recordPayment(ctx, currentUser(req), id, form.data);
      res.flash('documents.payment.saved');
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const first = Object.values(err.fields)[0]!;
      res.flash(first.key, first.params, 'error');
    }
    res.go(`/invoices/${id}#payments`);
  });

  r.post('/invoices/:id/paid', (req, res) => {
    const id = idParam(req);
    payments.markPaid(ctx, currentUser(req), id);
    res.flash('documents.payment.saved');
    res.go(`/invoices/${id}#payments`);
  });

  r.post('/invoices/:id/payments/:payment/delete', (req, res) => {
    const id = idParam(req);
    const paymentId = Number(req.params.payment);
    payments.deletePayment(ctx, currentUser(req), id, Number.isInteger(paymentId) ? paymentId : 0);
    res.flash('documents.payment.deleted');
    res.go(`/invoices/${id}#payments`);
  });

  for (const kind of docKinds) {
    r.post(`${basePath[kind]}/:id/link`, (req, res) => {
      const id = idParam(req);
      payments.publishDocument(ctx, currentUser(req), kind, id);
      res.flash('documents.link.made');
      res.go(`${basePath[kind]}/${id}#link`);
    });
    r.post(`${basePath[kind]}/:id/link/delete`, (req, res) => {
      const id = idParam(req);
      payments.revokeDocumentLink(ctx, currentUser(req), kind, id);
      res.flash('documents.link.revoked');
      res.go(`${basePath[kind]}/${id}#link`);
    });
  }
  return r;
}
