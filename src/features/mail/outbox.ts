import type { AppContext } from '../../context.js';
import type { Job } from '../../jobs/registry.js';
import type { Address, OutgoingMail, SmtpAnswer } from '../../integrations/smtp.js';
import { sendMail } from '../../integrations/smtp.js';
import { recordEvent } from '../../platform/records/history.js';
import { notify } from '../../platform/notifications/index.js';
import type { BoundEntity } from '../../platform/access/activities.js';
import { bindingsOf, updateActivity } from '../activities/queries.js';
import { smtpServer } from '../mail-settings/service.js';
import { sentByMail } from '../documents/service.js';
import { storedFile } from './files.js';
import * as q from './queries.js';

/**
 * The outbox: every outgoing message is stored first and then handed to the SMTP server, by the
 * request that wrote it and, when that fails, by the mail-outbox job with growing pauses. A message
 * is never dropped: after the last attempt (or a refusal the server calls permanent) it stays
 * "failed" with the server's words on its activity, and its sender is notified.
 */
export const RETRY_MINUTES = [1, 5, 15, 60, 180];
export const MAX_ATTEMPTS = RETRY_MINUTES.length + 1;
const MINUTE = 60_000;
/** A send that has not finished in this time is taken to have died with its process. */
const HOLD = 10 * MINUTE;

export type Delivery = { outcome: 'sent'; reply: string } | { outcome: 'retry' | 'failed'; error: string } | { outcome: 'busy' };

const addresses = (json: string) => JSON.parse(json) as Address[];

function outgoing(ctx: AppContext, m: q.MessageRow, now: number): OutgoingMail {
  return {
    messageId: m.messageId,
    from: { address: m.fromAddress, name: m.fromName },
    to: addresses(m.toList),
    cc: addresses(m.ccList),
    bcc: addresses(m.bccList),
    subject: m.subject,
    text: m.bodyText,
    html: m.bodyHtml,
    inReplyTo: m.inReplyTo,
    references: JSON.parse(m.refs) as string[],
    date: new Date(now),
    attachments: q.attachmentsOf(ctx.db, m.id).map((a) => ({ filename: a.filename, contentType: a.contentType, path: storedFile(ctx.config.dataDir, a.storedPath) })),
  };
}

/** The activity of a sent message is done: it moves from Actions to the Journal of each of its records. */
function activitySent(ctx: AppContext, m: q.MessageRow, now: number): void {
  if (m.activityId === null) return;
  const activity = updateActivity(ctx.db, m.activityId, { doneAt: now, doneBy: m.userId, result: null, updatedAt: now });
  for (const b of bindingsOf(ctx.db, activity.id)) {
    recordEvent(ctx.db, { entity: b.entity, entityId: b.entityId, at: now, userId: m.userId, kind: 'activity', field: 'email', newValue: activity.subject });
  }
}

/** An unsent message's activity stays planned and says why (the server's words). */
function activityFailed(ctx: AppContext, m: q.MessageRow, error: string, final: boolean, now: number): void {
  if (m.activityId === null) return;
  const activity = updateActivity(ctx.db, m.activityId, { result: error, updatedAt: now });
  // A mailing's failures are in its report, not one notification each.
  if (!final || m.userId === null || m.campaignId !== null) return;
  notify(ctx, {
    userId: m.userId,
    kind: 'mail',
    entity: activity.entity as BoundEntity,
    entityId: activity.entityId,
    actorId: null,
    message: { key: 'mail.notify.failed', params: { subject: m.subject, error: error.slice(0, 200) } },
    link: `/mail/${m.id}`,
    dedupeKey: `mailFailed:${m.id}:${m.attempts}`,
  });
}

function settle(ctx: AppContext, m: q.MessageRow, answer: SmtpAnswer): Delivery {
  const now = ctx.clock.now();
  return ctx.db.transaction(() => {
    if (answer.ok) {
      q.updateMessage(ctx.db, m.id, { status: 'sent', date: now, serverReply: answer.reply, lastError: null, nextAttemptAt: null });
      activitySent(ctx, m, now);
      // A draft quote or invoice whose PDF went with it is now "sent".
      for (const a of q.attachmentsOf(ctx.db, m.id)) if (a.documentId !== null && m.userId !== null) sentByMail(ctx, m.userId, a.documentId);
      return { outcome: 'sent' as const, reply: answer.reply };
    }
    const final = answer.permanent || m.attempts >= MAX_ATTEMPTS;
    const next = final ? null : now + RETRY_MINUTES[Math.min(m.attempts, RETRY_MINUTES.length) - 1]! * MINUTE;
    q.updateMessage(ctx.db, m.id, { status: final ? 'failed' : 'retry', lastError: answer.error, nextAttemptAt: next });
    activityFailed(ctx, m, answer.error, final, now);
    return { outcome: final ? ('failed' as const) : ('retry' as const), error: answer.error };
  });
}

/**
 * One attempt at one message, unless another attempt holds it ("busy"). Safe to call from a request
 * and from the job at once: the claim is a single UPDATE, so only one of them sends.
 */
export async function deliver(ctx: AppContext, id: number): Promise<Delivery> {
  const now = ctx.clock.now();
  if (!q.claimForSending(ctx.db, id, now, now + HOLD)) return { outcome: 'busy' };
  const m = q.findMessage(ctx.db, id)!;
  const smtp = smtpServer(ctx);
  const answer: SmtpAnswer = smtp ? await sendMail(smtp.server, outgoing(ctx, m, now)) : { ok: false, error: 'SMTP is not set up (Settings → E-mail)', permanent: false };
  return settle(ctx, m, answer);
}

/** "Send again" on a failed message: a fresh series of attempts, the first one now. */
export function requeue(ctx: AppContext, id: number): void {
  q.updateMessage(ctx.db, id, { status: 'retry', attempts: 0, nextAttemptAt: ctx.clock.now() });
}

const BATCH = 100;

/**
 * Every minute: sends the messages whose next attempt is due, and each mass mailing's share — no
 * more than its per-minute limit counting what it sent in the last minute.
 */
export const outboxJob: Job = {
  name: 'mail-outbox',
  schedule: '* * * * *',
  async run(ctx) {
    const counts = { sent: 0, retry: 0, failed: 0 };
    const take = async (list: q.MessageRow[]) => {
      for (const m of list) {
        const d = await deliver(ctx, m.id);
        if (d.outcome !== 'busy') counts[d.outcome] += 1;
      }
    };
    await take(q.dueMessages(ctx.db, ctx.clock.now(), BATCH));
    for (const campaignId of q.campaignsWithWork(ctx.db)) {
      const now = ctx.clock.now();
      const perMinute = q.campaignPace(ctx.db, campaignId);
      await take(q.dueCampaignMessages(ctx.db, campaignId, now, perMinute - q.campaignSentSince(ctx.db, campaignId, now - MINUTE)));
    }
    q.finishCampaigns(ctx.db, ctx.clock.now());
    return { counts };
  },
};
