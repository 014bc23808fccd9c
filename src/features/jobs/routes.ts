import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { NotFoundError } from '../../platform/errors.js';
import { requireCapability, requireUser } from '../../platform/http/guards.js';

/** Settings → Jobs: every registered job, its schedule and last runs, and "Run now" (administrators). */
export function jobRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/settings/jobs', requireUser, requireCapability('settings'));

  r.get('/settings/jobs', (req, res) => {
    res.page('jobs/list', {
      title: req.t('jobs.title'),
      jobs: ctx.jobs.list().map((job) => ({
        name: job.name,
        schedule: job.schedule,
        running: ctx.jobs.isRunning(job.name),
        runs: ctx.jobs.lastRuns(job.name, 10).map((run) => ({ ...run, counts: run.counts ? (JSON.parse(run.counts) as Record<string, number>) : {} })),
      })),
    });
  });

  r.post('/settings/jobs/:name/run', async (req, res) => {
    const job = ctx.jobs.list().find((j) => j.name === req.params.name);
    if (!job) throw new NotFoundError();
    const run = await ctx.jobs.run(job.name, 'manual');
    const name = req.t(`jobs.name.${job.name}` as Parameters<typeof req.t>[0]);
    if (run.outcome === 'ok') res.flash('jobs.done', { name });
    else res.flash('jobs.failed', { name, error: run.error ?? '' }, 'error');
    res.go('/settings/jobs');
  });

  return r;
}
