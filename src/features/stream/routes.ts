import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { allUsers } from '../users/queries.js';
import { streamQuery } from './form.js';
import { activityStream } from './service.js';

export function streamRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/stream', requireUser);

  r.get('/stream', (req, res) => {
    const query = streamQuery.parse(req.query);
    const { events, nextBefore, entities } = activityStream(ctx, currentUser(req), query);
    const filters = { ...(query.entity ? { entity: query.entity } : {}), ...(query.user ? { user: String(query.user) } : {}) };
    res.page('stream/list', {
      title: req.t('stream.title'),
      events,
      entities,
      users: allUsers(ctx.db),
      query,
      next: nextBefore ? `/stream?${new URLSearchParams({ ...filters, before: String(nextBefore) })}` : null,
    });
  });

  return r;
}
