import type { Router } from 'express';
import type { AppContext } from '../../context.js';
import { baseCurrency, currentRates } from '../currencies/service.js';
import { AppError } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { actorOf, currentUser } from '../../platform/http/guards.js';
import type { ListSpec } from '../../platform/records/list/spec.js';
import { exportQuery } from './form.js';
import { prepareExport } from './service.js';

/**
 * GET <list>/export?format=csv|csv-semicolon|xlsx plus the list's own query string: the list as a
 * file. Mounted by mountList for every list, before the entity's "/:id" routes.
 */
export function mountExport(r: Router, ctx: AppContext, spec: Omit<ListSpec, 'bulk'>): void {
  r.get(`${spec.base}/export`, async (req, res) => {
    const form = parseForm(exportQuery, req.query);
    if (!form.ok) throw new AppError(400, 'export.badFormat');
    const file = prepareExport(ctx, spec, form.data.format, {
      user: currentUser(req),
      actor: actorOf(req),
      query: req.query,
      env: { timeZone: req.timeZone, currency: baseCurrency(ctx.db), rates: currentRates(ctx.db) },
      t: req.t,
    });
    res.set('Content-Type', file.type);
    res.set('Content-Disposition', `attachment; filename="${file.name}"`);
    res.set('Cache-Control', 'no-store');
    try {
      await file.write(res);
      res.end();
    } catch (err) {
      // The headers are gone: all that is left is to cut the download short, so it cannot pass for whole.
      ctx.logger.error({ err, requestId: req.id, list: spec.base }, 'export failed');
      res.destroy(err as Error);
    }
  });
}
