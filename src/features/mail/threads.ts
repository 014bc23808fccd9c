import type { AppContext } from '../../context.js';
import { mayRecord } from '../../platform/access/index.js';
import type { BoundEntity } from '../../platform/access/activities.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { NotFoundError } from '../../platform/errors.js';
import { findBound } from '../activities/service.js';
import { mayActivity } from '../../platform/access/activities.js';
import { bindingsOf, findActivity } from '../activities/queries.js';
import type { Address } from '../../integrations/smtp.js';
import { recordLink } from '../../platform/notifications/index.js';
import * as q from './queries.js';
import { mayActOn, visibleMessage } from './read.js';

const RECORD_LIMIT = 500;
const people = (json: string) => JSON.parse(json) as Address[];

/**
 * A record's e-mail card: its messages grouped by thread, the thread with the newest message first,
 * each with its subject, its last message, how many it holds and whether any is still unsent. The
 * caller has checked the user may read the record.
 */
export function recordThreads(ctx: AppContext, user: CurrentUser, entity: BoundEntity, id: number) {
  const record = findBound(ctx.db, entity, id);
  if (!record || !mayRecord(ctx.db, user, entity, 'read', record)) throw new NotFoundError();
  const threads = new Map<string, { last: q.MessageRow; count: number; unsent: boolean; subject: string; toNames: string }>();
  for (const m of q.messagesOfRecord(ctx.db, entity, id, RECORD_LIMIT)) {
    const t = threads.get(m.threadId);
    const unsent = m.status !== 'sent' && m.status !== 'received';
    if (!t) threads.set(m.threadId, { last: m, count: 1, unsent, subject: m.subject, toNames: people(m.toList).map((a) => a.name || a.address).join(', ') });
    else {
      t.count += 1;
      t.unsent ||= unsent;
      t.subject = m.subject;
    }
  }
  return { entity, id, mayWrite: mayRecord(ctx.db, user, entity, 'edit', record), threads: [...threads.values()] };
}

function readableBy(ctx: AppContext, user: CurrentUser, m: q.MessageRow): boolean {
  if (m.activityId === null) return false;
  const activity = findActivity(ctx.db, m.activityId);
  if (!activity) return false;
  return mayActivity(ctx.db, user, 'read', activity, () => bindingsOf(ctx.db, activity.id).map((b) => ({ entity: b.entity, record: findBound(ctx.db, b.entity, b.entityId) })));
}

/**
 * The thread of a message as the user may see it: every message of the thread they may read, oldest
 * first, each with its attachments; the record to write a reply from is `from` when the message is
 * filed there, else the record its activity was made on.
 */
export function threadView(ctx: AppContext, user: CurrentUser, id: number, from: { entity: BoundEntity; id: number } | null) {
  const opened = visibleMessage(ctx, user, id);
  const messages = q
    .threadMessages(ctx.db, opened.threadId)
    .filter((m) => m.id === opened.id || readableBy(ctx, user, m))
    .map((m) => ({ m, to: people(m.toList), cc: people(m.ccList), bcc: m.direction === 'out' ? people(m.bccList) : [], attachments: q.attachmentsOf(ctx.db, m.id).map((a) => ({ ...a, kb: Math.max(1, Math.round(a.size / 1024)) })), mayAct: mayActOn(ctx, user, m) }));
  const activity = findActivity(ctx.db, opened.activityId!)!;
  const bindings = bindingsOf(ctx.db, activity.id);
  const home = from && bindings.some((b) => b.entity === from.entity && b.entityId === from.id) ? from : { entity: activity.entity as BoundEntity, id: activity.entityId };
  const homeRecord = findBound(ctx.db, home.entity, home.id);
  const last = messages.at(-1)!;
  return {
    subject: opened.subject,
    messages,
    reply: homeRecord && mayRecord(ctx.db, user, home.entity, 'edit', homeRecord) ? { entity: home.entity, id: home.id, message: last.m.id } : null,
    home: homeRecord ? { ...home, title: homeRecord.title, link: recordLink(home.entity, home.id) } : null,
  };
}

/** An attachment of a message the user may read; null otherwise. */
export function attachmentFor(ctx: AppContext, user: CurrentUser, id: number): q.AttachmentRow {
  const a = q.findAttachment(ctx.db, id);
  if (!a) throw new NotFoundError();
  visibleMessage(ctx, user, a.messageRowId);
  return a;
}
