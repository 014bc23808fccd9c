import type { AppContext } from '../../context.js';
import { mayRecord } from '../access/index.js';
import { toCurrentUser } from '../auth/sessions.js';
import type { MessageKey } from '../i18n/index.js';
import { poke } from './live.js';
import { activeUser, insertNotification, recordRef, type RecordEntity } from './queries.js';

export type { RecordEntity };

/** 'mail': an e-mail that could not be sent, or one received on my record; not offered "by e-mail" (notificationKinds). */
export type NotificationKind = 'reminder' | 'assigned' | 'taskDone' | 'comment' | 'mention' | 'captured' | 'mail';
export const notificationKinds: readonly NotificationKind[] = ['reminder', 'assigned', 'taskDone', 'comment', 'mention', 'captured'];

export interface NotificationInput {
  /** The recipient. */
  userId: number;
  kind: NotificationKind;
  /** The record it is about; the recipient's read access is checked on it. */
  entity: 'lead' | 'contact' | 'company' | 'deal';
  entityId: number;
  /** Who caused it (null for the system, e.g. a reminder). */
  actorId: number | null;
  /** Rendered in the recipient's language when shown. */
  message: { key: MessageKey; params?: Record<string, string | number> };
  /** Where clicking it goes, e.g. '/deals/12': a path of this application (anything else becomes the record's page). */
  link: string;
  /** Default ctx.clock.now(). */
  at?: number;
  /** When given, a second notify() with the same key is a no-op (reminder idempotency). */
  dedupeKey?: string;
}

/**
 * Stores a notification for its recipient and delivers it live to their open tabs. May be called
 * inside the caller's transaction: live delivery happens after it ends, and only if it committed.
 *
 * Dropped silently (nothing stored, nothing sent) when the recipient is the actor, is not an active
 * user, or may not read the record (decided by platform/access) — including when the record is
 * deleted or does not exist. Returns whether it was stored (false too for a repeated dedupe key).
 */
export function notify(ctx: AppContext, n: NotificationInput): boolean {
  if (n.actorId !== null && n.actorId === n.userId) return false;
  const recipient = activeUser(ctx.db, n.userId);
  if (!recipient) return false;
  const record = recordRef(ctx.db, n.entity, n.entityId);
  if (!record || !mayRecord(ctx.db, toCurrentUser(ctx.db, recipient), n.entity, 'read', record)) return false;
  const stored = insertNotification(ctx.db, {
    userId: n.userId,
    kind: n.kind,
    entity: n.entity,
    entityId: n.entityId,
    actorId: n.actorId,
    messageKey: n.message.key,
    params: JSON.stringify(n.message.params ?? {}),
    // Only a page of this application: anything else (a full URL, "//host") falls back to the record's page.
    link: n.link.startsWith('/') && !n.link.startsWith('//') && !n.link.startsWith('/\\') ? n.link : recordLink(n.entity, n.entityId),
    at: n.at ?? ctx.clock.now(),
    dedupeKey: n.dedupeKey ?? null,
  });
  if (stored) poke(ctx.db, n.userId);
  return stored !== null;
}

const paths: Record<RecordEntity, string> = { lead: '/leads', contact: '/contacts', company: '/companies', deal: '/deals' };

/** The page of a record, as notifications link to it. */
export function recordLink(entity: RecordEntity, id: number): string {
  return `${paths[entity]}/${id}`;
}

/**
 * "Assigned to me": a record was created with, or changed to, a responsible other than the actor.
 * Call it after the record is written (inside its transaction), so the rights check sees the new responsible.
 */
export function notifyAssigned(ctx: AppContext, actor: { id: number; fullName: string }, record: { entity: RecordEntity; id: number; responsibleId: number; title: string }): void {
  notify(ctx, {
    userId: record.responsibleId,
    kind: 'assigned',
    entity: record.entity,
    entityId: record.id,
    actorId: actor.id,
    message: { key: `notify.assigned.${record.entity}`, params: { actor: actor.fullName, title: record.title } },
    link: recordLink(record.entity, record.id),
  });
}

/**
 * "New lead (deal) via …": a record arrived from outside (a web form, the lead API, a Bitrix24-style
 * webhook) for its responsible, who is told even when the webhook acts as them. `by` is the manager
 * who sent it on from moderation, else null; `source` names the form or integration.
 */
export function notifyCaptured(ctx: AppContext, by: number | null, source: string, record: { entity: 'lead' | 'deal'; id: number; responsibleId: number; title: string }): void {
  notify(ctx, {
    userId: record.responsibleId,
    kind: 'captured',
    entity: record.entity,
    entityId: record.id,
    actorId: by,
    message: { key: `notify.captured.${record.entity}`, params: { source, title: record.title } },
    link: recordLink(record.entity, record.id),
  });
}
