import { Router, type Request } from 'express';
import type { AppContext } from '../../context.js';
import { NotFoundError } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { confirmForm, draftFromBody, entityParam, mergeForm } from './form.js';
import type { DupEntity } from './queries.js';
import { duplicatesOf, findDuplicates, mergePlan, mergeRecords, type Candidate } from './service.js';

export const mergeUrl = (entity: DupEntity, keptId: number, otherId: number) => `/duplicates/${entity}/${keptId}/merge/${otherId}`;

function entityOf(req: Request): DupEntity {
  const parsed = entityParam.safeParse(req.params.entity);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

function otherParam(req: Request): number {
  const id = Number(req.params.otherId);
  if (!Number.isInteger(id) || id <= 0) throw new NotFoundError();
  return id;
}

/**
 * For a create handler, after its form parsed: the possible duplicates to show before anything is
 * saved (null when there are none, or when the user answered the panel), and where to go once the
 * record is saved (the merge page when the user chose "save and merge", else null).
 */
export function duplicateGate(ctx: AppContext, req: Request, entity: DupEntity): { duplicates: Candidate[] | null; after(id: number): string | null } {
  const answer = confirmForm.parse(req.body ?? {});
  if (answer.saveAnyway || answer.mergeWith) return { duplicates: null, after: (id) => (answer.mergeWith ? mergeUrl(entity, answer.mergeWith, id) : null) };
  const found = findDuplicates(ctx, currentUser(req), entity, draftFromBody(entity, req.body));
  return { duplicates: found.length ? found : null, after: () => null };
}

export function duplicateRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/duplicates', requireUser);

  // The create forms post what is typed so far (htmx, as the user types); the answer is the panel.
  r.post('/duplicates/check/:entity', (req, res) => {
    const entity = entityOf(req);
    res.fragment('duplicates/_panel', { entity, duplicates: findDuplicates(ctx, currentUser(req), entity, draftFromBody(entity, req.body)) });
  });

  r.get('/duplicates/:entity/:id', (req, res) => {
    const entity = entityOf(req);
    const found = duplicatesOf(ctx, currentUser(req), entity, idParam(req));
    res.page('duplicates/list', { title: req.t('duplicates.of', { name: found.label }), entity, ...found, mergeUrl });
  });

  r.get('/duplicates/:entity/:id/merge/:otherId', (req, res) => {
    const entity = entityOf(req);
    const plan = mergePlan(ctx, currentUser(req), entity, idParam(req), otherParam(req));
    res.page('duplicates/merge', { title: req.t('duplicates.mergeTitle'), entity, plan, mergeUrl });
  });

  r.post('/duplicates/:entity/:id/merge/:otherId', (req, res) => {
    const entity = entityOf(req);
    const form = parseForm(mergeForm, req.body);
    const merged = mergeRecords(ctx, currentUser(req), entity, idParam(req), otherParam(req), form.ok ? form.data.pick : {});
    res.flash('duplicates.merged', { name: merged.label });
    res.go(merged.url);
  });

  return r;
}
