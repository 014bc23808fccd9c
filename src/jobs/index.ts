import type { AppContext } from '../context.js';
import { backupJob } from '../features/backup/job.js';
import { remindersJob } from '../features/activities/job.js';
import { statisticsJob } from '../db/statistics.js';
import { outboxJob } from '../features/mail/outbox.js';
import { mailSyncJob } from '../features/mailboxes/sync.js';
import { notificationMailJob } from '../features/mail/notify-job.js';
import { folderJob } from '../features/exchange/folder.js';
import { JobRegistry } from './registry.js';

/** Every scheduled job of the application, registered once per process. */
export function createJobs(ctx: Omit<AppContext, 'jobs'>): JobRegistry {
  const registry = new JobRegistry(ctx as AppContext);
  registry.register(backupJob(ctx.config));
  registry.register(remindersJob);
  registry.register(statisticsJob);
  registry.register(outboxJob);
  registry.register(mailSyncJob);
  registry.register(notificationMailJob);
  registry.register(folderJob());
  return registry;
}
