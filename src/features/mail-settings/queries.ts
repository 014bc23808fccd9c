import { eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { mailSettings, userMailPrefs, users } from '../../db/schema/index.js';

export type MailSettingsRow = typeof mailSettings.$inferSelect;
export type UserMailPrefsRow = typeof userMailPrefs.$inferSelect;

/** The installation's mail settings, or null before an administrator has entered them. */
export function findMailSettings(db: Db): MailSettingsRow | null {
  return db.select().from(mailSettings).where(eq(mailSettings.id, 1)).get() ?? null;
}

/** `notifyCursor` is used only when the row is made: an update keeps the notification-mail job's place. */
export function saveMailSettings(db: Db, values: Omit<typeof mailSettings.$inferInsert, 'id' | 'notifyCursor'>, notifyCursor: number): void {
  db.insert(mailSettings)
    .values({ id: 1, ...values, notifyCursor })
    .onConflictDoUpdate({ target: mailSettings.id, set: values })
    .run();
}

export function findUserMailPrefs(db: Db, userId: number): UserMailPrefsRow | null {
  return db.select().from(userMailPrefs).where(eq(userMailPrefs.userId, userId)).get() ?? null;
}

export function saveUserMailPrefs(db: Db, values: typeof userMailPrefs.$inferInsert): void {
  db.insert(userMailPrefs)
    .values(values)
    .onConflictDoUpdate({ target: userMailPrefs.userId, set: { fromName: values.fromName, signature: values.signature, updatedAt: values.updatedAt } })
    .run();
}

/** The lower-cased e-mail addresses of every user, active or not: mail between them and a client is about the client. */
export function userAddresses(db: Db): Map<string, number> {
  return new Map(db.select({ id: users.id, email: users.email }).from(users).all().map((u) => [u.email.toLowerCase(), u.id]));
}
