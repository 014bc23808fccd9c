import type { Job } from '../../jobs/registry.js';
import { notify, recordLink } from '../../platform/notifications/index.js';
import type { BoundEntity } from '../../platform/access/activities.js';
import * as q from './queries.js';
import { isLate } from './rules.js';
import { findBound } from './service.js';

const BATCH = 200;

/**
 * Fires due reminders, every minute. Each fires exactly once: the "reminded" mark is set in the
 * same transaction as the notification (whose dedupe key repeats the guarantee), so a second run, an
 * overlapping one or a restart finds nothing left to send. A reminder whose minute was missed (the
 * server was down) fires at the next run, marked late.
 */
export const remindersJob: Job = {
  name: 'reminders',
  schedule: '* * * * *',
  async run(ctx) {
    const now = ctx.clock.now();
    let sent = 0;
    let late = 0;
    let dropped = 0;
    for (let batch = q.dueReminders(ctx.db, now, BATCH); batch.length; batch = q.dueReminders(ctx.db, now, BATCH)) {
      for (const a of batch) {
        const wasLate = isLate(a.remindAt!, now, a.updatedAt);
        ctx.db.transaction(() => {
          if (!q.markReminded(ctx.db, a.id, now, wasLate)) return;
          const stored = notify(ctx, {
            userId: a.responsibleId,
            kind: 'reminder',
            entity: a.entity as BoundEntity,
            entityId: a.entityId,
            actorId: null,
            // Names its record by the title it has now: "Reminder: Call back — Supply of laptops".
            message: { key: wasLate ? 'activities.reminder.messageLateFor' : 'activities.reminder.messageFor', params: { subject: a.subject, record: findBound(ctx.db, a.entity as BoundEntity, a.entityId)?.title ?? '' } },
            link: recordLink(a.entity as BoundEntity, a.entityId),
            at: now,
            // The activity's last change is in the key: a reminder re-armed by a moved deadline (even back to
            // a time that already fired) fires again, while two runs over the same state send one.
            dedupeKey: `reminder:${a.id}:${a.remindAt}:${a.updatedAt}`,
          });
          // Marked either way: a reminder nobody may receive (the record is out of its responsible's reach) is over too.
          if (!stored) {
            dropped += 1;
            return;
          }
          sent += 1;
          if (wasLate) late += 1;
        });
      }
    }
    return { counts: { sent, late, dropped } };
  },
};
