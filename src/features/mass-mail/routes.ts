import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import type { BoundEntity } from '../../platform/access/activities.js';
import { massMailForm, selectionQuery } from './form.js';
import { campaignView, mailingForm, startMailing } from './service.js';

/** Mass e-mail to records selected in a list: the form, then the mailing's progress and report. */
export function massMailRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/mass-mail', requireUser);

  const show = (req: Request, res: Response, entity: BoundEntity, ids: number[], template: number | undefined, values: Record<string, unknown> | null, errors: FieldErrors = {}) => {
    const view = mailingForm(ctx, currentUser(req), entity, ids, template);
    res.page('mass-mail/form', { title: req.t('massMail.title'), ...view, values: values ?? view.values, errors });
  };

  /** From a list's bulk bar: ?entity=contact&ids=1&ids=2 (the selection), &template= to start from one. */
  r.get('/mass-mail/new', (req, res) => {
    const query = selectionQuery.safeParse(req.query);
    if (!query.success) throw new NotFoundError();
    show(req, res, query.data.entity, query.data.ids, query.data.template, null);
  });

  r.post('/mass-mail', (req, res) => {
    const form = parseForm(massMailForm, req.body);
    const entity = selectionQuery.shape.entity.safeParse(req.body?.entity);
    if (!entity.success) throw new NotFoundError();
    const ids = selectionQuery.shape.ids.safeParse(req.body?.ids);
    if (!form.ok) return show(req, res.status(422), entity.data, ids.success ? ids.data : [], undefined, form.values, form.errors);
    try {
      const campaign = startMailing(ctx, currentUser(req), form.data);
      // Sending starts now; the page shows its progress.
      void ctx.jobs.run('mail-outbox', 'manual');
      res.flash('massMail.started', { n: campaign.total });
      res.go(`/mass-mail/${campaign.id}`);
    } catch (err) {
      if (err instanceof ValidationError) return show(req, res.status(422), entity.data, form.data.ids, undefined, form.values, err.fields);
      throw err;
    }
  });

  r.get('/mass-mail/:id', (req, res) => {
    const view = campaignView(ctx, currentUser(req), idParam(req));
    if (req.get('HX-Request')) return res.fragment('mass-mail/_progress', view);
    res.page('mass-mail/report', { title: view.campaign.subject, ...view });
  });

  return r;
}
