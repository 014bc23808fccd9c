import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { currencies, currencyName, popularCurrencies } from '../../platform/format.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireCapability, requireUser } from '../../platform/http/guards.js';
import { addCurrencyForm, rateForm } from './form.js';
import * as service from './service.js';

function codeParam(req: Request): string {
  const code = String(req.params.code ?? '').toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) throw new NotFoundError();
  return code;
}

/** Settings → Currencies: the base currency, the others with their rates and each one's history. */
export function currencyRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/settings/currencies', requireUser, requireCapability('settings'));

  const showList = (req: Request, res: Response, values: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    res.page('currencies/list', {
      title: req.t('catalog.currency.title'),
      base: service.baseCurrency(ctx.db),
      list: service.currencyRates(ctx.db),
      nameOf: (code: string) => currencyName(code, req.locale),
      codes: [...popularCurrencies, ...currencies().filter((c) => !popularCurrencies.includes(c))],
      values,
      errors,
    });
  };

  const showOne = (req: Request, res: Response, code: string, values: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    service.currencyFor(ctx.db, code);
    res.page('currencies/show', {
      title: `${code} · ${currencyName(code, req.locale)}`,
      code,
      base: service.baseCurrency(ctx.db),
      rate: service.currentRate(ctx.db, code),
      history: service.rateHistory(ctx.db, code),
      values,
      errors,
    });
  };

  r.get('/settings/currencies', (req, res) => showList(req, res));

  r.post('/settings/currencies', (req, res) => {
    const form = parseForm(addCurrencyForm, req.body);
    if (!form.ok) return showList(req, res.status(422), form.values, form.errors);
    try {
      service.addCurrency(ctx, currentUser(req), form.data.code, form.data.rate);
    } catch (err) {
      if (err instanceof ValidationError) return showList(req, res.status(422), form.values, err.fields);
      throw err;
    }
    res.flash('catalog.currency.added', { code: form.data.code });
    res.go('/settings/currencies');
  });

  r.get('/settings/currencies/:code', (req, res) => showOne(req, res, codeParam(req)));

  r.post('/settings/currencies/:code', (req, res) => {
    const code = codeParam(req);
    const form = parseForm(rateForm, req.body);
    if (!form.ok) return showOne(req, res.status(422), code, form.values, form.errors);
    const changed = service.setRate(ctx, currentUser(req), code, form.data.rate);
    if (changed) res.flash('catalog.currency.rateSet', { code, rate: form.data.rate });
    res.go(`/settings/currencies/${code}`);
  });

  r.post('/settings/currencies/:code/delete', (req, res) => {
    const code = codeParam(req);
    service.removeCurrency(ctx, code);
    res.flash('catalog.currency.removed', { code });
    res.go('/settings/currencies');
  });

  return r;
}
