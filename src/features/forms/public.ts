import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { readText } from '../../assets.js';
import { may } from '../../platform/access/index.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { bodyRefusal } from '../../platform/http/outside.js';
import { translator, type Locale, type Translate } from '../../platform/i18n/index.js';
import { utmOf } from '../../platform/records/origins.js';
import { renderView } from '../../platform/views.js';
import { optionsOf, parseFields, targetsFor } from './fields.js';
import * as q from './queries.js';
import { accept, readSubmission, type Meta } from './receive.js';
import { countTooLarge, fillStamp, screen, spamPolicy } from './spam.js';

/**
 * The public side of web forms, open to anyone (exemptions in platform/http/outside.ts):
 *   GET  /forms/<key>            the hosted page; POST to it is the same form sent without JavaScript
 *   GET  /forms/<key>/policy     the personal data policy the consent links to
 *   GET  /forms/<key>/form.css   the form's styles with its colours
 *   GET  /forms/<key>/embed.js   the embed snippet's script: renders the form into any page
 *   GET  /forms/<key>/config     what the script renders (the form's HTML and a fresh fill stamp)
 *   POST /forms/<key>/submit     the embedded form's submission, answered with JSON
 * An inactive form answers "not available"; those who may build forms see it (?preview=1), unsendable.
 */
const autocomplete: Record<string, string> = { lastName: 'family-name', firstName: 'given-name', middleName: 'additional-name', phone: 'tel', email: 'email', companyTitle: 'organization', position: 'organization-title' };

export function publicBase(ctx: AppContext, req: Request): string {
  return (ctx.config.publicUrl ?? `${req.protocol}://${req.get('host')}`).replace(/\/+$/, '');
}

export function formRoutes(ctx: AppContext): Router {
  const r = Router();
  const embedScript = readText('static/forms/embed.js');
  const baseCss = readText('static/forms/form.css');

  /** The form of the URL if it may be shown: active, or previewed by someone who builds forms. */
  const formOf = (req: Request): { form: q.FormRow; preview: boolean } | null => {
    const form = q.findFormByKey(ctx.db, String(req.params.key));
    if (!form) return null;
    const preview = req.query.preview === '1' && req.user !== undefined && may(req.user, 'forms');
    return form.active || preview ? { form, preview } : null;
  };

  /** `stamp`: the one the form was first shown with, kept when it comes back with errors, as its fill time began then. */
  const formLocals = (form: q.FormRow, base: string, values: Record<string, unknown>, errors: FieldErrors, preview: boolean, action: string, stamp?: string) => {
    const targets = new Map(targetsFor(ctx.db, form.creates as 'lead').map((t) => [t.key, t]));
    const fields = parseFields(form.fields).map((f) => ({ ...f, choices: optionsOf(f, targets.get(f.target)), autocomplete: autocomplete[f.target] ?? 'off' }));
    return {
      form, fields, values, errors, preview, action, honeypot: spamPolicy.honeypot, stamp: stamp ?? fillStamp(ctx, form.key),
      ft: translator(form.locale as Locale), policyHref: form.policyUrl ?? `${base}/forms/${form.key}/policy`, cssHref: `${base}/forms/${form.key}/form.css`,
    };
  };

  const unavailable = (req: Request, res: Response) => {
    res.status(404);
    if (req.path.endsWith('/config') || req.path.endsWith('/submit')) return res.json({ ok: false, message: req.t('forms.public.unavailable') });
    if (req.path.endsWith('.js')) return res.type('js').send('');
    res.type('text').send(req.t('forms.public.unavailable'));
  };

  /** The page, referrer and UTM parameters of a submission, with who sent it. */
  const metaOf = (req: Request, body: Record<string, unknown>, consentAt: number | null): Meta => {
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 2000) : null);
    const pageUrl = text(body._page);
    return { pageUrl, referrer: text(body._referrer), utm: utmOf(pageUrl, body), address: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 300) ?? null, consentAt };
  };

  /** One submission from the hosted page or the embed: refused, invalid, or accepted. */
  const take = (req: Request, form: q.FormRow): { kind: 'refused'; reason: string } | { kind: 'invalid'; errors: FieldErrors } | { kind: 'accepted' } => {
    if (bodyRefusal(req)) {
      countTooLarge(ctx, form.id);
      return { kind: 'invalid', errors: { _form: { key: 'forms.error.tooLarge' } } };
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const reason = screen(ctx, form, body, req.ip ?? 'unknown');
    if (reason) return { kind: 'refused', reason };
    try {
      const read = readSubmission(ctx, form, body);
      accept(ctx, form, read.values, metaOf(req, body, read.consentAt), 'form');
      return { kind: 'accepted' };
    } catch (err) {
      if (err instanceof ValidationError) return { kind: 'invalid', errors: err.fields };
      throw err;
    }
  };

  const refusalMessage = (reason: string): 'forms.error.rateLimit' | 'forms.error.tooFast' | 'forms.error.expired' =>
    reason === 'rateLimit' ? 'forms.error.rateLimit' : reason === 'tooFast' ? 'forms.error.tooFast' : 'forms.error.expired';

  const hosted = (req: Request, res: Response, form: q.FormRow, locals: Record<string, unknown>) => {
    res.set('Cache-Control', 'no-store');
    res.fragment('forms/hosted', { ...formLocals(form, publicBase(ctx, req), {}, {}, false, `/forms/${form.key}`), ...locals });
  };

  r.get('/forms/:key', (req, res) => {
    const found = formOf(req);
    if (!found) return unavailable(req, res);
    const base = publicBase(ctx, req);
    const values = { _page: `${base}${req.originalUrl}`, _referrer: req.get('referer') ?? '' };
    res.set('Cache-Control', 'no-store');
    res.fragment('forms/hosted', formLocals(found.form, base, values, {}, found.preview, `/forms/${found.form.key}`));
  });

  r.post('/forms/:key', (req, res) => {
    const found = formOf(req);
    if (!found || found.preview) return unavailable(req, res);
    const { form } = found;
    const ft = translator(form.locale as Locale);
    const taken = take(req, form);
    if (taken.kind === 'invalid' || (taken.kind === 'refused' && taken.reason !== 'honeypot')) {
      const errors = taken.kind === 'invalid' ? taken.errors : { _form: { key: refusalMessage(taken.reason) } };
      const body = (req.body ?? {}) as Record<string, unknown>;
      const keep = taken.kind === 'refused' && taken.reason === 'expired' ? undefined : typeof body._stamp === 'string' ? body._stamp : undefined;
      res.status(taken.kind === 'refused' && taken.reason === 'rateLimit' ? 429 : 422);
      return hosted(req, res, form, formLocals(form, publicBase(ctx, req), body, errors, false, `/forms/${form.key}`, keep));
    }
    // A robot caught by the honeypot is answered as a person would be, so it learns nothing.
    hosted(req, res, form, { done: doneText(form, ft), ...(form.afterSubmit === 'redirect' && form.redirectUrl ? { redirect: form.redirectUrl } : {}) });
  });

  r.get('/forms/:key/policy', (req, res) => {
    const found = formOf(req);
    if (!found || !found.form.policyText) return unavailable(req, res);
    hosted(req, res, found.form, { policy: found.form.policyText });
  });

  r.get('/forms/:key/form.css', (req, res) => {
    const form = q.findFormByKey(ctx.db, String(req.params.key));
    if (!form) return unavailable(req, res);
    res.type('css').set('Cache-Control', 'no-cache');
    res.send(`.pf{--pf-accent:${form.accentColor};--pf-bg:${form.backgroundColor};--pf-text:${form.textColor}}\n${baseCss}`);
  });

  r.get('/forms/:key/embed.js', (_req, res) => {
    // One script for every form: it finds its form's address in its own src.
    res.type('js').set('Cache-Control', 'no-cache').send(embedScript);
  });

  r.get('/forms/:key/config', (req, res) => {
    const found = formOf(req);
    if (!found) return unavailable(req, res);
    const base = publicBase(ctx, req);
    const locals = formLocals(found.form, base, {}, {}, found.preview, `${base}/forms/${found.form.key}/submit`);
    res.set('Cache-Control', 'no-store').json({ html: renderView('forms/_public-form', locals), css: locals.cssHref, submit: locals.action, sending: locals.ft('forms.public.sending'), failed: locals.ft('forms.public.failed') });
  });

  r.post('/forms/:key/submit', (req, res) => {
    const found = formOf(req);
    if (!found || found.preview) return unavailable(req, res);
    const { form } = found;
    const ft = translator(form.locale as Locale);
    const taken = take(req, form);
    if (taken.kind === 'invalid') {
      const errors = Object.fromEntries(Object.entries(taken.errors).map(([name, e]) => [name, ft(e.key, e.params)]));
      return res.status(bodyRefusal(req) ?? 422).json({ ok: false, errors, message: errors._form ?? ft('forms.error.check') });
    }
    if (taken.kind === 'refused' && taken.reason !== 'honeypot') {
      return res.status(taken.reason === 'rateLimit' ? 429 : 422).json({ ok: false, errors: {}, message: ft(refusalMessage(taken.reason)), stamp: fillStamp(ctx, form.key) });
    }
    res.json({ ok: true, message: doneText(form, ft), redirect: form.afterSubmit === 'redirect' ? form.redirectUrl : null });
  });

  return r;
}

function doneText(form: q.FormRow, ft: Translate): string {
  return form.afterSubmit === 'message' && form.successText ? form.successText : ft('forms.public.thanks');
}
