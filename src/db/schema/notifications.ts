import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';
import { users } from './users.js';

/**
 * The notification centre: one row per notification for one recipient, about one record. The text is
 * a message key and its parameters, rendered in the recipient's language when shown. `dedupeKey`,
 * when set, is unique: a second notification with the same key is not stored (reminder idempotency).
 */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').notNull().references(() => users.id),
    /** reminder | assigned | taskDone | comment | mention | captured */
    kind: text('kind').notNull(),
    entity: text('entity').notNull(),
    entityId: integer('entity_id').notNull(),
    actorId: integer('actor_id').references(() => users.id),
    messageKey: text('message_key').notNull(),
    /** JSON object of the message's parameters. */
    params: text('params').notNull().default('{}'),
    link: text('link').notNull(),
    at: integer('at').notNull(),
    readAt: integer('read_at'),
    dedupeKey: text('dedupe_key'),
  },
  (t) => [
    index('notifications_user').on(t.userId, t.id),
    index('notifications_unread').on(t.userId).where(sql`read_at IS NULL`),
    uniqueIndex('notifications_dedupe').on(t.dedupeKey),
  ],
);

/** Per user and kind: whether that kind should also go by e-mail. No row means "no". */
export const notificationEmailPrefs = sqliteTable(
  'notification_email_prefs',
  {
    userId: integer('user_id').notNull().references(() => users.id),
    kind: text('kind').notNull(),
    email: integer('email', { mode: 'boolean' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);
