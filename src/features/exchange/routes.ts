import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { requireCapability, requireUser } from '../../platform/http/guards.js';
import { EXCHANGE_PATHS } from './endpoint.js';
import { FOLDER_JOB } from './folder.js';
import { settingsForm } from './form.js';
import { countsText } from './protocol.js';
import * as q from './queries.js';
import { stageFields, updateSettings } from './service.js';
import { priceTypes } from './catalog-queries.js';
import { allPipelines, stagesOf } from '../pipelines/queries.js';
import { activeUsers } from '../users/queries.js';
import { encodings, exchangeSettings, folderIntervals, type ExchangeSettings } from './settings.js';

const LOG_PAGE = 100;

/** The stored settings as the form posts them. */
function storedValues(s: ExchangeSettings): Record<string, unknown> {
  return {
    zip: s.zip,
    fileLimitKb: Math.round(s.fileLimit / 1024),
    textEncoding: s.textEncoding,
    queryEncoding: s.queryEncoding,
    folderPath: s.folderPath,
    folderEvery: s.folderEvery,
    priceTypeId: s.priceTypeId ?? '',
    pipelineId: s.pipelineId ?? '',
    responsibleMode: s.rotationIds.length ? 'rotation' : 'one',
    responsibleId: s.responsibleId ?? '',
    rotationIds: s.rotationIds.map(String),
    ...Object.fromEntries(stageFields.map(({ event, field }) => [field, s.stageMap[event] ?? ''])),
    exportAll: s.exportStageIds === null,
    exportStageIds: (s.exportStageIds ?? []).map(String),
  };
}

/** Settings → 1C and online store: what to paste into 1C, the options, "run now", last exchanges; and the exchange log. */
export function exchangeRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/settings/exchange', requireUser, requireCapability('settings'));

  const show = (req: Request, res: Response, values?: Record<string, unknown>, errors: FieldErrors = {}) => {
    const s = exchangeSettings(ctx.db);
    const base = ctx.config.publicUrl?.replace(/\/$/, '') ?? `${req.protocol}://${req.get('host')}`;
    res.page('exchange/settings', {
      title: req.t('exchange.title'),
      urls: EXCHANGE_PATHS.map((p) => base + p),
      exchangeUsers: q.exchangeUsers(ctx.db),
      values: values ?? storedValues(s),
      priceTypes: priceTypes(ctx.db),
      pipelines: allPipelines(ctx.db).map((p) => ({ ...p, stages: stagesOf(ctx.db, p.id) })),
      users: activeUsers(ctx.db),
      stageFields,
      errors,
      encodings,
      folderIntervals,
      running: ctx.jobs.isRunning(FOLDER_JOB),
      runs: q.lastRuns(ctx.db, 20).map(({ run, user }) => ({
        ...run,
        user,
        countsText: run.counts ? countsText(req.locale, JSON.parse(run.counts) as Record<string, number>) : '',
      })),
    });
  };

  r.get('/settings/exchange', (req, res) => show(req, res));

  r.post('/settings/exchange', (req, res) => {
    const form = parseForm(settingsForm, req.body);
    if (!form.ok) return show(req, res.status(422), form.values, form.errors);
    try {
      updateSettings(ctx, form.data);
    } catch (err) {
      if (err instanceof ValidationError) return show(req, res.status(422), form.values, err.fields);
      throw err;
    }
    res.flash('exchange.saved');
    res.go('/settings/exchange');
  });

  r.post('/settings/exchange/run', async (req, res) => {
    const run = await ctx.jobs.run(FOLDER_JOB, 'manual');
    if (run.outcome === 'ok') res.flash('exchange.folderDone');
    else res.flash('exchange.folderFailed', { error: run.error ?? '' }, 'error');
    res.go('/settings/exchange');
  });

  r.get('/settings/exchange/log', (req, res) => {
    const before = z.coerce.number().int().positive().safeParse(req.query.before);
    const entries = q.logPage(ctx.db, LOG_PAGE, before.success ? before.data : null);
    res.page('exchange/log', {
      title: req.t('exchange.log.title'),
      entries,
      older: entries.length === LOG_PAGE ? entries[entries.length - 1]!.id : null,
    });
  });

  return r;
}
