import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { prepared } from '../../db/prepared.js';
import { companies, contacts, deals, leads, notificationEmailPrefs, notifications, users } from '../../db/schema/index.js';
import type { Owned } from '../access/index.js';

export type NotificationRow = typeof notifications.$inferSelect;
export type RecordEntity = 'lead' | 'contact' | 'company' | 'deal';

/** The owner fields of a live (not deleted) record, as access control reads them; null when there is none. */
export function ownerOf(db: Db, entity: RecordEntity, id: number): Owned | null {
  switch (entity) {
    case 'lead':
      return db.select({ responsibleId: leads.responsibleId, everyone: leads.everyone }).from(leads).where(and(eq(leads.id, id), isNull(leads.deletedAt))).get() ?? null;
    case 'deal':
      return db.select({ responsibleId: deals.responsibleId, everyone: deals.everyone }).from(deals).where(and(eq(deals.id, id), isNull(deals.deletedAt))).get() ?? null;
    case 'contact':
      return db.select({ responsibleId: contacts.responsibleId }).from(contacts).where(and(eq(contacts.id, id), isNull(contacts.deletedAt))).get() ?? null;
    case 'company':
      return db.select({ responsibleId: companies.responsibleId }).from(companies).where(and(eq(companies.id, id), isNull(companies.deletedAt))).get() ?? null;
  }
}

export function activeUser(db: Db, id: number) {
  return db.select().from(users).where(and(eq(users.id, id), eq(users.isActive, true))).get() ?? null;
}

/** Stores a notification; returns null when one with the same dedupe key already exists. */
export function insertNotification(db: Db, values: typeof notifications.$inferInsert): NotificationRow | null {
  return db.insert(notifications).values(values).onConflictDoNothing().returning().get() ?? null;
}

/** The bell's number: runs on every page, so it is prepared once and reads the partial unread index. */
export function unreadCount(db: Db, userId: number): number {
  return prepared(db, 'notifications.unread', () =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(notifications)
      .where(and(eq(notifications.userId, sql.placeholder('userId')), isNull(notifications.readAt)))
      .prepare(),
  ).get({ userId })!.n;
}

/** The newest notification id of a user (0 for none): where a freshly opened live stream starts. */
export function latestId(db: Db, userId: number): number {
  return db.select({ id: sql<number>`coalesce(max(${notifications.id}), 0)` }).from(notifications).where(eq(notifications.userId, userId)).get()!.id;
}

/** A user's notifications after an id, oldest first: what a live stream has not sent yet. */
export function notificationsAfter(db: Db, userId: number, afterId: number, limit: number): NotificationRow[] {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), gt(notifications.id, afterId)))
    .orderBy(notifications.id)
    .limit(limit)
    .all();
}

/** A page of a user's notifications, newest first, before an id (keyset paging). */
export function notificationPage(db: Db, userId: number, beforeId: number | null, limit: number) {
  return db
    .select({ n: notifications, actorName: users.fullName })
    .from(notifications)
    .leftJoin(users, eq(users.id, notifications.actorId))
    .where(and(eq(notifications.userId, userId), beforeId ? lt(notifications.id, beforeId) : undefined))
    .orderBy(desc(notifications.id))
    .limit(limit)
    .all();
}

export function findNotification(db: Db, userId: number, id: number): NotificationRow | null {
  return db.select().from(notifications).where(and(eq(notifications.id, id), eq(notifications.userId, userId))).get() ?? null;
}

export function markRead(db: Db, userId: number, id: number, at: number): void {
  db.update(notifications).set({ readAt: at }).where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt))).run();
}

export function markAllRead(db: Db, userId: number, at: number): number {
  return db.update(notifications).set({ readAt: at }).where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).run().changes;
}

export function emailPrefs(db: Db, userId: number): Map<string, boolean> {
  return new Map(db.select().from(notificationEmailPrefs).where(eq(notificationEmailPrefs.userId, userId)).all().map((r) => [r.kind, r.email]));
}

export function saveEmailPrefs(db: Db, userId: number, prefs: Record<string, boolean>): void {
  db.delete(notificationEmailPrefs).where(eq(notificationEmailPrefs.userId, userId)).run();
  const rows = Object.entries(prefs).map(([kind, email]) => ({ userId, kind, email }));
  if (rows.length) db.insert(notificationEmailPrefs).values(rows).run();
}
