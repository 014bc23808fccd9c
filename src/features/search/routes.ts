import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { MIN_QUERY } from '../../platform/records/search.js';
import { searchEverything } from './service.js';

const query = z.object({ q: z.string().trim().max(100).catch('') });

export function searchRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/search', requireUser, (req, res) => {
    const { q } = query.parse(req.query);
    const results = q ? searchEverything(ctx, currentUser(req), q) : { tooShort: false, groups: [] };
    const locals = { title: req.t('search.title'), q, results, minQuery: MIN_QUERY };
    // The header box asks for the dropdown only; the page (and browsers without JavaScript) get it whole.
    if (req.get('HX-Request') && req.get('HX-Target') === 'search-results') return res.fragment('search/_results', locals);
    res.page('search/page', locals);
  });
  return r;
}
