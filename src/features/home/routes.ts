import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { myNewLeads, myOpenDeals } from './queries.js';

/** The first screen is the user's own work (SPEC.md): their open deals and new leads; activities come next. */
export function homeRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/', requireUser, (req, res) => {
    const user = currentUser(req);
    res.page('home/index', { title: req.t('home.title'), deals: myOpenDeals(ctx.db, user.id), leads: myNewLeads(ctx.db, user.id) });
  });
  return r;
}
