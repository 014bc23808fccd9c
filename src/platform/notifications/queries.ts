import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { prepared } from '../../db/prepared.js';
import { companies, contacts, deals, leads, notificationEmailPrefs, notifications, users } from '../../db/schema/index.js';
import type { Owned } from '../access/index.js';

export type NotificationRow = typeof notifications.$inferSelect;
export type RecordEntity = 'lead' | 'contact' | 'company' | 'deal';

/** A live (not deleted) record's owner fields, as access control reads them, and its title; null when there is none. */
export function recordRef(db: Db, entity: RecordEntity, id: number): (Owned & { title: string }) | null {
  switch (entity) {
    case 'lead':
      return db.select({ responsibleId: leads.responsibleId, everyone: leads.everyone, title: leads.title }).from(leads).where(and(eq(leads.id, id), isNull(leads.deletedAt))).get() ?? null;
    case 'deal':
      return db.select({ responsibleId: deals.responsibleId, everyone: deals.everyone, title: deals.title }).from(deals).where(and(eq(deals.id, id), isNull(deals.deletedAt))).get() ?? null;
    case 'contact':
      return db.select({ responsibleId: contacts.responsibleId, title: contacts.fullName }).from(contacts).where(and(eq(contacts.id, id), isNull(contacts.deletedAt))).get() ?? null;
    case 'company':
      return db.select({ responsibleId: companies.responsibleId, title: companies.title }).from(companies).where(and(eq(companies.id, id), isNull(companies.deletedAt))).get() ?? null;
  }
}

export function activeUser(db: Db, id: number) {
  return db.select().from(users).where(and(eq(users.id, id), eq(users.isActive, true))).get() ?? null;
}

/** Stores a notification; returns null when one with the same dedupe key already exists. */
export function insertNotification(db: Db, values: typeof notifications.$inferInsert): NotificationRow | null {
  return db.insert(notifications).values(values).onConflictDoNothing().returning().get() ?? null;
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

/** What the bell in the header shows: the unread count and the newest id (where the live stream starts). One prepared query per page. */
export function bellOf(db: Db, userId: number): { unread: number; latest: number } {
  return prepared(db, 'notifications.bell', () =>
    db
      .select({
        unread: sql<number>`(SELECT count(*) FROM ${notifications} WHERE ${notifications.userId} = ${sql.placeholder('userId')} AND ${notifications.readAt} IS NULL)`,
        latest: sql<number>`(SELECT coalesce(max(${notifications.id}), 0) FROM ${notifications} WHERE ${notifications.userId} = ${sql.placeholder('userId')})`,
      })
      .from(sql`(SELECT 1)`)
      .prepare(),
  ).get({ userId })!;
}
