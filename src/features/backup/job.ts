import type { Job } from '../../jobs/registry.js';
import { dailyAt } from '../../jobs/registry.js';
import type { Config } from '../../config.js';
import { createBackup, rotateBackups } from './service.js';

/** The scheduled daily backup, with rotation. */
export function backupJob(config: Config): Job {
  return {
    name: 'backup',
    schedule: dailyAt(config.backupTime),
    async run(ctx) {
      const { bytes } = await createBackup(ctx.sqlite, ctx.config, ctx.clock.now(), { kind: 'auto' });
      const deleted = rotateBackups(ctx.config, ctx.config.backupKeep);
      return { counts: { bytes, deleted } };
    },
  };
}
