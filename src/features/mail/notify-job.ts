import os from 'node:os';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Job } from '../../jobs/registry.js';
import { mailSettings, notificationEmailPrefs, notifications, users } from '../../db/schema/index.js';
import { translator, type Locale, type MessageKey } from '../../platform/i18n/index.js';
import { messageIdFor } from '../mail-settings/ids.js';
import { findMailSettings } from '../mail-settings/queries.js';
import * as q from './queries.js';

const BATCH = 200;

/** Where links in e-mails point: the configured public address, else this server by its host name. */
export function publicBase(ctx: AppContext): string {
  if (ctx.config.publicUrl) return ctx.config.publicUrl.replace(/\/+$/, '');
  return `${ctx.config.tlsCert ? 'https' : 'http'}://${os.hostname()}:${ctx.config.port}`;
}

/**
 * "Also by e-mail": every minute, each new notification whose recipient asked for its kind by e-mail
 * becomes a message to them in their language, sent by the outbox like any other mail. The job
 * walks notifications in id order from a cursor kept with the mail settings and moves it in the same
 * transaction as the messages it queues, so each notification is mailed once. Notifications made
 * before mail was set up are not mailed (the cursor starts at the newest one then).
 */
export const notificationMailJob: Job = {
  name: 'notification-mail',
  schedule: '* * * * *',
  async run(ctx) {
    let queued = 0;
    for (;;) {
      const settings = findMailSettings(ctx.db);
      if (!settings) break;
      const batch = ctx.db
        .select({ n: notifications, email: users.email, locale: users.locale, wants: notificationEmailPrefs.email, active: users.isActive })
        .from(notifications)
        .innerJoin(users, eq(users.id, notifications.userId))
        .leftJoin(notificationEmailPrefs, and(eq(notificationEmailPrefs.userId, notifications.userId), eq(notificationEmailPrefs.kind, notifications.kind)))
        .where(gt(notifications.id, settings.notifyCursor))
        .orderBy(asc(notifications.id))
        .limit(BATCH)
        .all();
      if (batch.length === 0) break;
      const now = ctx.clock.now();
      ctx.db.transaction(() => {
        for (const row of batch) {
          if (!row.wants || !row.active) continue;
          const t = translator(row.locale as Locale);
          const text = t(row.n.messageKey as MessageKey, JSON.parse(row.n.params) as Record<string, string | number>);
          const link = `${publicBase(ctx)}${row.n.link}`;
          const messageId = messageIdFor(settings.fromEmail, now);
          q.insertMessage(ctx.db, {
            messageId,
            threadId: messageId,
            direction: 'out',
            kind: 'system',
            fromAddress: settings.fromEmail,
            fromName: 'Prosto CRM',
            toList: JSON.stringify([{ address: row.email, name: null }]),
            subject: text.length > 120 ? `${text.slice(0, 117)}…` : text,
            date: now,
            bodyText: t('mail.notification.body', { text, link }),
            status: 'queued',
            nextAttemptAt: now,
            createdAt: now,
          });
          queued += 1;
        }
        ctx.db.update(mailSettings).set({ notifyCursor: batch.at(-1)!.n.id }).where(eq(mailSettings.id, 1)).run();
      });
    }
    return { counts: { queued } };
  },
};

/** The newest notification now: where the cursor starts when mail is first set up. */
export function newestNotification(ctx: AppContext): number {
  return ctx.db.select({ id: sql<number>`coalesce(max(${notifications.id}), 0)` }).from(notifications).get()!.id;
}
