import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { MIN_QUERY } from '../../platform/records/search.js';
import { NotFoundError } from '../../platform/errors.js';
import { pickCandidates, pickedIds } from './service.js';

const query = z.object({
  name: z.string().regex(/^[a-zA-Z]{1,40}$/).catch('id'),
  multiple: z.enum(['0', '1']).catch('0'),
});

/**
 * The type-ahead of a picker: the visible records matching what was typed, as choices for the
 * picker's own input (radio buttons, or check boxes when it picks several).
 */
export function pickerRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/pickers/:entity', requireUser, (req, res) => {
    const entity = req.params.entity;
    if (entity !== 'contact' && entity !== 'company') throw new NotFoundError();
    const { name, multiple } = query.parse(req.query);
    const typed = req.query[`${name}_q`];
    const q = typeof typed === 'string' ? typed.trim().slice(0, 100) : '';
    // What is chosen already comes along (the picker's own inputs) and is not offered again.
    const chosen = new Set(pickedIds(req.query[name]));
    const found = q ? pickCandidates(ctx, currentUser(req), entity, q) : [];
    res.fragment('pickers/_options', { name, multiple: multiple === '1', q, options: found && found.filter((o) => !chosen.has(o.id)), minQuery: MIN_QUERY });
  });
  return r;
}
