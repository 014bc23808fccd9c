import { and, asc, eq, lte } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { mailboxFolders, mailboxes, users } from '../../db/schema/index.js';

export type MailboxRow = typeof mailboxes.$inferSelect;
export type FolderRow = typeof mailboxFolders.$inferSelect;

export function insertMailbox(db: Db, values: typeof mailboxes.$inferInsert): MailboxRow {
  return db.insert(mailboxes).values(values).returning().get();
}

export function updateMailbox(db: Db, id: number, values: Partial<typeof mailboxes.$inferInsert>): void {
  db.update(mailboxes).set(values).where(eq(mailboxes.id, id)).run();
}

export function deleteMailbox(db: Db, id: number): void {
  db.delete(mailboxes).where(eq(mailboxes.id, id)).run();
}

export function findMailbox(db: Db, id: number): MailboxRow | null {
  return db.select().from(mailboxes).where(eq(mailboxes.id, id)).get() ?? null;
}

/** Mailboxes with their owner's name; one owner's, or everyone's (null). */
export function mailboxList(db: Db, ownerId: number | null) {
  return db
    .select({ mailbox: mailboxes, ownerName: users.fullName })
    .from(mailboxes)
    .innerJoin(users, eq(users.id, mailboxes.ownerId))
    .where(ownerId === null ? undefined : eq(mailboxes.ownerId, ownerId))
    .orderBy(asc(mailboxes.address), asc(mailboxes.id))
    .all();
}

/** Active mailboxes; only those whose time has come when `dueBy` is given. */
export function activeMailboxes(db: Db, dueBy: number | null): MailboxRow[] {
  return db
    .select()
    .from(mailboxes)
    .where(and(eq(mailboxes.active, true), dueBy === null ? undefined : lte(mailboxes.nextSyncAt, dueBy)))
    .orderBy(asc(mailboxes.nextSyncAt), asc(mailboxes.id))
    .all();
}

export function folderState(db: Db, mailboxId: number, path: string): FolderRow | null {
  return db.select().from(mailboxFolders).where(and(eq(mailboxFolders.mailboxId, mailboxId), eq(mailboxFolders.path, path))).get() ?? null;
}

export function foldersOf(db: Db, mailboxId: number): FolderRow[] {
  return db.select().from(mailboxFolders).where(eq(mailboxFolders.mailboxId, mailboxId)).orderBy(asc(mailboxFolders.path)).all();
}

export function saveFolderState(db: Db, row: FolderRow): void {
  db.insert(mailboxFolders)
    .values(row)
    .onConflictDoUpdate({ target: [mailboxFolders.mailboxId, mailboxFolders.path], set: { uidValidity: row.uidValidity, lastUid: row.lastUid, since: row.since } })
    .run();
}

export function forgetFolders(db: Db, mailboxId: number): void {
  db.delete(mailboxFolders).where(eq(mailboxFolders.mailboxId, mailboxId)).run();
}

/** The addresses of the active Send&Save mailboxes: where users copy or forward mail to file it. */
export function sendSaveAddresses(db: Db): string[] {
  return db.select({ address: mailboxes.address }).from(mailboxes).where(and(eq(mailboxes.purpose, 'sendsave'), eq(mailboxes.active, true))).orderBy(asc(mailboxes.address)).all().map((r) => r.address);
}
