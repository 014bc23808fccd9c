import { sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';

/**
 * The full-text index over CRM records (migration 0005): one row per record, keyed by
 * rowid = id * 8 + entity code, holding everything a user might type to find it.
 */
export const entityCodes = { lead: 1, contact: 2, company: 3, deal: 4 } as const;
export type SearchEntity = keyof typeof entityCodes;

export function indexRecord(db: Db, entity: SearchEntity, id: number, parts: (string | null | undefined)[]): void {
  const rowid = id * 8 + entityCodes[entity];
  db.run(sql`DELETE FROM search_index WHERE rowid = ${rowid}`);
  db.run(sql`INSERT INTO search_index (rowid, body) VALUES (${rowid}, ${parts.filter(Boolean).join(' \n ')})`);
}

export function unindexRecord(db: Db, entity: SearchEntity, id: number): void {
  db.run(sql`DELETE FROM search_index WHERE rowid = ${id * 8 + entityCodes[entity]}`);
}

/** At least this many characters make a search: the trigram index cannot answer shorter ones. */
export const MIN_QUERY = 3;

/**
 * Record ids of one entity matching every word of `q` (each word at least three characters; digits of
 * a phone fragment are matched without their formatting). Empty when the query is too short.
 */
export function searchIds(db: Db, entity: SearchEntity, q: string, limit = 1000): number[] | null {
  const match = matchExpression(q);
  if (match === null) return null;
  const code = entityCodes[entity];
  const rows = db.all<{ rowid: number }>(sql`SELECT rowid FROM search_index WHERE search_index MATCH ${match} AND rowid % 8 = ${code} LIMIT ${limit}`);
  return rows.map((r) => Math.floor(r.rowid / 8));
}

/** The FTS5 MATCH expression for "every word of q" (words shorter than three characters dropped), or null. */
export function matchExpression(q: string): string | null {
  const words = q
    .trim()
    .split(/\s+/)
    .map((w) => (/^[\d\s()+\-.]+$/.test(w) ? w.replace(/\D/g, '') : w))
    .filter((w) => w.length >= MIN_QUERY);
  return words.length === 0 ? null : words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' AND ');
}
