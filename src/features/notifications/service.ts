import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { NotFoundError } from '../../platform/errors.js';
import { translator, type MessageKey } from '../../platform/i18n/index.js';
import { notificationKinds, type NotificationKind } from '../../platform/notifications/index.js';
import { poke } from '../../platform/notifications/live.js';
import * as q from '../../platform/notifications/queries.js';

export const PAGE = 30;

/** A notification as the recipient reads it, in their language. */
export function rendered(user: CurrentUser, n: q.NotificationRow) {
  const t = translator(user.locale);
  return { id: n.id, kind: n.kind, text: t(n.messageKey as MessageKey, JSON.parse(n.params) as Record<string, string | number>), link: n.link, at: n.at, read: n.readAt !== null };
}

export function notificationList(ctx: AppContext, user: CurrentUser, beforeId: number | null) {
  const rows = q.notificationPage(ctx.db, user.id, beforeId, PAGE + 1);
  const items = rows.slice(0, PAGE).map((r) => ({ ...rendered(user, r.n), actorName: r.actorName }));
  return { items, nextBefore: rows.length > PAGE ? items[items.length - 1]!.id : null };
}

/** Marks one of the user's notifications read; another user's notification does not exist for them. */
export function markNotificationRead(ctx: AppContext, user: CurrentUser, id: number): q.NotificationRow {
  const n = q.findNotification(ctx.db, user.id, id);
  if (!n) throw new NotFoundError();
  q.markRead(ctx.db, user.id, id, ctx.clock.now());
  // The other open tabs update their bell.
  poke(ctx.db, user.id);
  return n;
}

export function markAllNotificationsRead(ctx: AppContext, user: CurrentUser): number {
  const n = q.markAllRead(ctx.db, user.id, ctx.clock.now());
  poke(ctx.db, user.id);
  return n;
}

export function emailSettings(ctx: AppContext, user: CurrentUser): Record<NotificationKind, boolean> {
  const stored = q.emailPrefs(ctx.db, user.id);
  return Object.fromEntries(notificationKinds.map((k) => [k, stored.get(k) ?? false])) as Record<NotificationKind, boolean>;
}

/** Stores which kinds should also go by e-mail (the notification-mail job sends them). */
export function saveEmailSettings(ctx: AppContext, user: CurrentUser, checked: NotificationKind[]): void {
  const prefs = Object.fromEntries(notificationKinds.map((k) => [k, checked.includes(k)]));
  ctx.sqlite.transaction(() => q.saveEmailPrefs(ctx.db, user.id, prefs))();
}
