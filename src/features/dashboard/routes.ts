import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { baseCurrency } from '../currencies/service.js';
import { reportKeys } from '../reports/model.js';
import { dashboardForm, parseWidget, sentRows } from './form.js';
import { periods } from './period.js';
import { assertHasDashboard, editWidgets, widgetView, widgetsOf } from './service.js';

/**
 * The dashboard: one widget's figures (the fragment the home page loads for each, or a page of its
 * own without script), and the settings page where a user chooses their widgets.
 */
export function dashboardRoutes(ctx: AppContext): Router {
  const r = Router();
  // Only those who may read reports have a dashboard: everything under it is refused to the others.
  r.use('/dashboard', requireUser, (req, _res, next) => {
    assertHasDashboard(currentUser(req));
    next();
  });

  r.get('/dashboard/widget', async (req, res) => {
    const widget = parseWidget(req.query);
    const view = await widgetView(ctx, currentUser(req), widget, { locale: req.locale, timeZone: req.timeZone });
    const locals = { title: req.t(`reports.${widget.report}.title`), v: view, base: baseCurrency(ctx.db) };
    if (req.get('HX-Request')) return res.fragment('dashboard/_widget', locals);
    res.page('dashboard/widget', locals);
  });

  const showEdit = (req: Request, res: Response, rows: { report: unknown; period: unknown }[], suggested: boolean, values: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    res.page('dashboard/edit', { title: req.t('dashboard.edit.title'), rows, suggested, keys: reportKeys, periods, values, errors });
  };

  r.get('/dashboard/edit', (req, res) => {
    const { widgets, suggested } = widgetsOf(ctx, currentUser(req));
    showEdit(req, res, widgets, suggested);
  });

  r.post('/dashboard/edit', (req, res) => {
    const user = currentUser(req);
    const form = parseForm(dashboardForm, req.body);
    if (!form.ok) return showEdit(req, res.status(422), sentRows(form.values), false, form.values, form.errors);
    try {
      editWidgets(ctx, user, form.data);
    } catch (err) {
      if (err instanceof ValidationError) return showEdit(req, res.status(422), sentRows(form.values), false, form.values, err.fields);
      throw err;
    }
    res.flash('dashboard.saved');
    res.go('/dashboard/edit');
  });

  return r;
}
