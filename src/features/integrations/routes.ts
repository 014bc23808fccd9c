import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { actorOf, currentUser, requireCapability, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { activeUsers } from '../users/queries.js';
import { publicBase } from '../forms/public.js';
import { tokenForm } from './form.js';
import * as q from './queries.js';
import { createToken, revokeToken } from './service.js';

/** Settings → Integrations: tokens for the lead API and Bitrix24-style webhooks (administrators). */
export function integrationRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/settings/integrations', requireUser, requireCapability('settings'));

  const show = (req: Request, res: Response, values: Record<string, unknown> = {}, errors: FieldErrors = {}, made: { token: string; row: q.TokenRow } | null = null) => {
    const base = publicBase(ctx, req);
    res.page('integrations/list', {
      title: req.t('integrations.title'),
      tokens: q.listTokens(ctx.db),
      users: activeUsers(ctx.db),
      values, errors, base,
      made: made ? { ...made, webhook: `${base}/rest/${made.row.userId}/${made.token}/` } : null,
    });
  };

  r.get('/settings/integrations', (req, res) => show(req, res, { userId: String(currentUser(req).id) }));

  // The token is shown on this answer only; a reload does not make another.
  r.post('/settings/integrations', (req, res) => {
    const form = parseForm(tokenForm, req.body);
    if (!form.ok) return show(req, res.status(422), form.values, form.errors);
    try {
      show(req, res.status(201), {}, {}, createToken(ctx, currentUser(req), actorOf(req), form.data));
    } catch (err) {
      if (err instanceof ValidationError) return show(req, res.status(422), form.values, err.fields);
      throw err;
    }
  });

  r.post('/settings/integrations/:id/delete', (req, res) => {
    revokeToken(ctx, currentUser(req), actorOf(req), idParam(req));
    res.flash('integrations.revoked');
    res.go('/settings/integrations');
  });

  return r;
}
