import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { dayStart } from '../../platform/format.js';
import { mayEntity } from '../../platform/access/index.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { mineQuery } from '../activities/form.js';
import { localDay } from '../activities/rules.js';
import { myActivities } from '../activities/service.js';
import { dashboardOf, hasDashboard } from '../dashboard/service.js';
import { myNewLeads, myOpenDeals } from './queries.js';

/**
 * The first screen is the user's own work (SPEC.md): my activities (overdue, today, the next 7 days;
 * a head may switch to their department's), open deals and new leads; above them, for those who may
 * read reports, their dashboard, whose widgets load their figures after the page.
 */
export function homeRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/', requireUser, (req, res) => {
    const user = currentUser(req);
    const { scope } = mineQuery.parse(req.query);
    const todayStart = dayStart(localDay(ctx.clock.now(), req.timeZone), req.timeZone);
    res.page('home/index', {
      title: req.t('home.title'),
      // A role may leave out a kind entirely ("none"); every wider scope covers one's own records.
      deals: mayEntity(user, 'deal', 'read') ? myOpenDeals(ctx.db, user.id) : [],
      leads: mayEntity(user, 'lead', 'read') ? myNewLeads(ctx.db, user.id) : [],
      mine: myActivities(ctx, user, { scope, todayStart }),
      dashboard: hasDashboard(user) ? dashboardOf(ctx, user, req.timeZone) : null,
    });
  });
  return r;
}
