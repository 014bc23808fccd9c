import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { recordOrigins } from '../../db/schema/index.js';

/**
 * Where a lead or deal came from when it came from outside: the form or integration, the page it was
 * sent from, the referrer and the UTM parameters (read from the page's address when not given apart).
 */
export interface Origin {
  channel: 'form' | 'api' | 'rest';
  formId: number | null;
  sourceName: string;
  pageUrl: string | null;
  referrer: string | null;
  utm: Partial<Record<UtmKey, string>>;
}

export const utmKeys = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'] as const;
export type UtmKey = (typeof utmKeys)[number];

export type OriginRow = typeof recordOrigins.$inferSelect;

const cut = (v: string | null | undefined, max: number): string | null => (v ? v.trim().slice(0, max) || null : null);

/** UTM values given apart win over those in the page's address. */
export function utmOf(pageUrl: string | null, given: Partial<Record<UtmKey, unknown>> = {}): Partial<Record<UtmKey, string>> {
  let query: URLSearchParams | null = null;
  try {
    query = pageUrl ? new URL(pageUrl).searchParams : null;
  } catch {
    query = null;
  }
  const out: Partial<Record<UtmKey, string>> = {};
  for (const key of utmKeys) {
    const value = typeof given[key] === 'string' ? (given[key] as string) : query?.get(key);
    const v = cut(value, 200);
    if (v) out[key] = v;
  }
  return out;
}

/** Call inside the transaction that made the record. */
export function saveOrigin(db: Db, entity: 'lead' | 'deal', entityId: number, origin: Origin, at: number): void {
  db.insert(recordOrigins)
    .values({
      entity,
      entityId,
      channel: origin.channel,
      formId: origin.formId,
      sourceName: origin.sourceName.slice(0, 200),
      pageUrl: cut(origin.pageUrl, 2000),
      referrer: cut(origin.referrer, 2000),
      utmSource: origin.utm.utm_source ?? null,
      utmMedium: origin.utm.utm_medium ?? null,
      utmCampaign: origin.utm.utm_campaign ?? null,
      utmContent: origin.utm.utm_content ?? null,
      utmTerm: origin.utm.utm_term ?? null,
      at,
    })
    .onConflictDoNothing()
    .run();
}

export function originOf(db: Db, entity: 'lead' | 'deal', entityId: number): OriginRow | null {
  return db.select().from(recordOrigins).where(and(eq(recordOrigins.entity, entity), eq(recordOrigins.entityId, entityId))).get() ?? null;
}
