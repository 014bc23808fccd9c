import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { mailCampaigns, mailMessages } from '../../db/schema/index.js';

export type CampaignRow = typeof mailCampaigns.$inferSelect;

export function insertCampaign(db: Db, values: typeof mailCampaigns.$inferInsert): CampaignRow {
  return db.insert(mailCampaigns).values(values).returning().get();
}

export function findCampaign(db: Db, id: number): CampaignRow | null {
  return db.select().from(mailCampaigns).where(eq(mailCampaigns.id, id)).get() ?? null;
}

/** How many of a campaign's messages are in each state. */
export function campaignProgress(db: Db, id: number): Record<string, number> {
  const rows = db
    .select({ status: mailMessages.status, n: sql<number>`count(*)` })
    .from(mailMessages)
    .where(eq(mailMessages.campaignId, id))
    .groupBy(mailMessages.status)
    .all();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Each recipient's message: where it went, its state and the server's words. */
export function campaignMessages(db: Db, id: number) {
  return db
    .select({ id: mailMessages.id, toList: mailMessages.toList, status: mailMessages.status, lastError: mailMessages.lastError, activityId: mailMessages.activityId, date: mailMessages.date })
    .from(mailMessages)
    .where(eq(mailMessages.campaignId, id))
    .orderBy(asc(mailMessages.id))
    .all();
}
