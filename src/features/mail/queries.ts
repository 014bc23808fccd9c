import { and, asc, desc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { activityBindings, mailAttachments, mailCampaigns, mailMessages } from '../../db/schema/index.js';
import type { BoundEntity } from '../../platform/access/activities.js';

export type MessageRow = typeof mailMessages.$inferSelect;
export type AttachmentRow = typeof mailAttachments.$inferSelect;

export function insertMessage(db: Db, values: typeof mailMessages.$inferInsert): MessageRow {
  return db.insert(mailMessages).values(values).returning().get();
}

export function insertAttachments(db: Db, messageRowId: number, list: Omit<typeof mailAttachments.$inferInsert, 'messageRowId'>[]): void {
  for (const a of list) db.insert(mailAttachments).values({ ...a, messageRowId }).run();
}

export function findMessage(db: Db, id: number): MessageRow | null {
  return db.select().from(mailMessages).where(eq(mailMessages.id, id)).get() ?? null;
}

export function messageByMessageId(db: Db, messageId: string): MessageRow | null {
  return db.select().from(mailMessages).where(eq(mailMessages.messageId, messageId)).get() ?? null;
}

/** The first of these Message-IDs the CRM holds, with its thread. */
export function knownOf(db: Db, messageIds: string[]): { messageId: string; threadId: string } | null {
  if (messageIds.length === 0) return null;
  const rows = db.select({ messageId: mailMessages.messageId, threadId: mailMessages.threadId }).from(mailMessages).where(inArray(mailMessages.messageId, messageIds)).all();
  const byId = new Map(rows.map((r) => [r.messageId, r]));
  for (const id of messageIds) if (byId.has(id)) return byId.get(id)!;
  return null;
}

export function messageOfActivity(db: Db, activityId: number): MessageRow | null {
  return db.select().from(mailMessages).where(eq(mailMessages.activityId, activityId)).get() ?? null;
}

export function attachmentsOf(db: Db, messageRowId: number): AttachmentRow[] {
  return db.select().from(mailAttachments).where(eq(mailAttachments.messageRowId, messageRowId)).orderBy(asc(mailAttachments.id)).all();
}

export function findAttachment(db: Db, id: number): AttachmentRow | null {
  return db.select().from(mailAttachments).where(eq(mailAttachments.id, id)).get() ?? null;
}

export function updateMessage(db: Db, id: number, values: Partial<typeof mailMessages.$inferInsert>): MessageRow {
  return db.update(mailMessages).set(values).where(eq(mailMessages.id, id)).returning().get()!;
}

/**
 * Takes a message for sending unless another attempt holds it: a queued or retrying one whose time has
 * come, or one left "sending" past `stuckAt` (the process died mid-send). `holdUntil` is when a
 * sending that never finished may be taken again. True when this call took it.
 */
export function claimForSending(db: Db, id: number, now: number, holdUntil: number): boolean {
  return (
    db
      .update(mailMessages)
      .set({ status: 'sending', attempts: sql`${mailMessages.attempts} + 1`, nextAttemptAt: holdUntil })
      .where(and(eq(mailMessages.id, id), inArray(mailMessages.status, ['queued', 'retry', 'sending']), lte(mailMessages.nextAttemptAt, now)))
      .run().changes === 1
  );
}

/** Outgoing messages whose time has come (campaign ones apart: they go at their campaign's pace). */
export function dueMessages(db: Db, now: number, limit: number): MessageRow[] {
  return db
    .select()
    .from(mailMessages)
    .where(and(inArray(mailMessages.status, ['queued', 'retry', 'sending']), lte(mailMessages.nextAttemptAt, now), sql`${mailMessages.campaignId} IS NULL`))
    .orderBy(asc(mailMessages.nextAttemptAt), asc(mailMessages.id))
    .limit(limit)
    .all();
}

export function dueCampaignMessages(db: Db, campaignId: number, now: number, limit: number): MessageRow[] {
  if (limit <= 0) return [];
  return db
    .select()
    .from(mailMessages)
    .where(and(eq(mailMessages.campaignId, campaignId), inArray(mailMessages.status, ['queued', 'retry', 'sending']), lte(mailMessages.nextAttemptAt, now)))
    .orderBy(asc(mailMessages.nextAttemptAt), asc(mailMessages.id))
    .limit(limit)
    .all();
}

/** Campaigns that still have messages to send. */
export function campaignsWithWork(db: Db): number[] {
  return db
    .selectDistinct({ id: mailMessages.campaignId })
    .from(mailMessages)
    .where(and(sql`${mailMessages.campaignId} IS NOT NULL`, inArray(mailMessages.status, ['queued', 'retry', 'sending'])))
    .all()
    .map((r) => r.id!);
}

/** How many of a campaign's messages the server accepted since a time (its rate limit). */
export function campaignSentSince(db: Db, campaignId: number, since: number): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(mailMessages)
    .where(and(eq(mailMessages.campaignId, campaignId), eq(mailMessages.status, 'sent'), sql`${mailMessages.date} > ${since}`))
    .get()!.n;
}

export function campaignPace(db: Db, campaignId: number): number {
  return db.select({ n: mailCampaigns.perMinute }).from(mailCampaigns).where(eq(mailCampaigns.id, campaignId)).get()?.n ?? 0;
}

/** Marks finished the campaigns none of whose messages waits any more. */
export function finishCampaigns(db: Db, now: number): void {
  db.run(sql`UPDATE mail_campaigns SET finished_at = ${now} WHERE finished_at IS NULL AND NOT EXISTS (SELECT 1 FROM mail_messages WHERE campaign_id = mail_campaigns.id AND status IN ('queued', 'retry', 'sending'))`);
}

/** The filed messages of one record (through their activities), newest first. */
export function messagesOfRecord(db: Db, entity: BoundEntity, entityId: number, limit: number) {
  return db
    .select({ m: mailMessages })
    .from(activityBindings)
    .innerJoin(mailMessages, eq(mailMessages.activityId, activityBindings.activityId))
    .where(and(eq(activityBindings.entity, entity), eq(activityBindings.entityId, entityId)))
    .orderBy(desc(mailMessages.date), desc(mailMessages.id))
    .limit(limit)
    .all()
    .map((r) => r.m);
}

/** Every message of a thread, oldest first. */
export function threadMessages(db: Db, threadId: string): MessageRow[] {
  return db.select().from(mailMessages).where(eq(mailMessages.threadId, threadId)).orderBy(asc(mailMessages.date), asc(mailMessages.id)).all();
}

/** Messages that name this one as their parent but sit in another thread (they arrived first): joined to its thread. */
export function adoptReplies(db: Db, messageId: string, threadId: string): void {
  db.update(mailMessages)
    .set({ threadId })
    .where(or(eq(mailMessages.inReplyTo, messageId), eq(mailMessages.threadId, messageId)))
    .run();
}
