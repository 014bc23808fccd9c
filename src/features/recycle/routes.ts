import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { NotFoundError } from '../../platform/errors.js';
import { currentUser, requireCapability, requireUser } from '../../platform/http/guards.js';
import { restoreCompany } from '../companies/service.js';
import { restoreContact } from '../contacts/service.js';
import { restoreDeal } from '../deals/service.js';
import { restoreLead } from '../leads/service.js';
import { deletedItems } from './queries.js';

const restoreForm = z.object({ entity: z.enum(['company', 'contact', 'deal', 'lead']), id: z.coerce.number().int().positive() });
const restorers = { company: restoreCompany, contact: restoreContact, deal: restoreDeal, lead: restoreLead };
const pages = { company: '/companies', contact: '/contacts', deal: '/deals', lead: '/leads' };

/** The recycle bin: deleted records wait here until an administrator restores them. */
export function recycleRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/settings/recycle-bin', requireUser, requireCapability('settings'));

  r.get('/settings/recycle-bin', (req, res) => {
    res.page('recycle/list', { title: req.t('recycle.title'), items: deletedItems(ctx.db) });
  });

  r.post('/settings/recycle-bin/restore', (req, res) => {
    const form = restoreForm.safeParse(req.body);
    if (!form.success) throw new NotFoundError();
    const { entity, id } = form.data;
    restorers[entity](ctx, currentUser(req), id);
    res.flash('recycle.restored');
    res.go(`${pages[entity]}/${id}`);
  });

  return r;
}
