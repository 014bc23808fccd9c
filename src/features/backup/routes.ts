import fs from 'node:fs';
import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { NotFoundError } from '../../platform/errors.js';
import { actorOf, requireCapability, requireUser } from '../../platform/http/guards.js';
import { audit } from '../../platform/audit.js';
import { backupPath, createBackup, listBackups } from './service.js';

export function backupRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/settings/backups', requireUser, requireCapability('settings'));

  r.get('/settings/backups', (req, res) => {
    res.page('backup/list', {
      title: req.t('backup.title'),
      backups: listBackups(ctx.config),
      runs: ctx.jobs.lastRuns('backup', 5),
      schedule: ctx.config.backupTime,
      keep: ctx.config.backupKeep,
      folder: ctx.config.backupDir,
    });
  });

  r.post('/settings/backups', async (req, res) => {
    const made = await createBackup(ctx.sqlite, ctx.config, ctx.clock.now(), { kind: 'manual' });
    audit(ctx.db, actorOf(req), 'backup.created', ctx.clock.now(), { file: made.file, bytes: made.bytes });
    res.flash('backup.created', { size: req.fmt.number(Math.ceil(made.bytes / 1024)) });
    res.go('/settings/backups');
  });

  r.post('/settings/backups/run', async (req, res) => {
    const run = await ctx.jobs.run('backup', 'manual');
    if (run.outcome === 'ok') res.flash('backup.jobDone');
    else res.flash('backup.jobFailed', { error: run.error ?? '' }, 'error');
    res.go('/settings/backups');
  });

  r.get('/settings/backups/file/:name', (req, res) => {
    const file = backupPath(ctx.config, req.params.name);
    if (!file || !fs.existsSync(file)) throw new NotFoundError();
    audit(ctx.db, actorOf(req), 'backup.downloaded', ctx.clock.now(), { name: req.params.name });
    res.download(file, req.params.name, { dotfiles: 'deny' });
  });

  return r;
}
