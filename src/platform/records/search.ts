import { sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';

/**
 * The full-text indexes over CRM records (migrations 0005 and 0011): one FTS5 table per kind of
 * record, one row per record keyed by the record's id, holding everything a user might type to find
 * it. The trigram tokenizer matches any fragment of three characters or more and folds case.
 */
export const searchTables = { lead: 'search_leads', contact: 'search_contacts', company: 'search_companies', deal: 'search_deals' } as const;
export type SearchEntity = keyof typeof searchTables;

const table = (entity: SearchEntity) => sql.identifier(searchTables[entity]);

export function indexRecord(db: Db, entity: SearchEntity, id: number, parts: (string | null | undefined)[]): void {
  db.run(sql`DELETE FROM ${table(entity)} WHERE rowid = ${id}`);
  db.run(sql`INSERT INTO ${table(entity)} (rowid, body) VALUES (${id}, ${parts.filter(Boolean).join(' \n ')})`);
}

export function unindexRecord(db: Db, entity: SearchEntity, id: number): void {
  db.run(sql`DELETE FROM ${table(entity)} WHERE rowid = ${id}`);
}

/** At least this many characters make a search: the trigram index cannot answer shorter ones. */
export const MIN_QUERY = 3;

/**
 * The FTS5 MATCH expression for what a user typed: every word (at least three characters; digits of a
 * phone fragment without their formatting) must occur. Null when nothing is long enough to search.
 */
export function matchExpression(q: string): string | null {
  const words = q
    .trim()
    .split(/\s+/)
    .map((w) => (/^[\d\s()+\-.]+$/.test(w) ? w.replace(/\D/g, '') : w))
    .filter((w) => w.length >= MIN_QUERY);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' AND ');
}

/** Record ids of one entity matching every word of `q`; null when the query is too short. */
export function searchIds(db: Db, entity: SearchEntity, q: string, limit = 1000): number[] | null {
  const match = matchExpression(q);
  if (match === null) return null;
  const rows = db.all<{ rowid: number }>(sql`SELECT rowid FROM ${table(entity)} WHERE ${table(entity)} MATCH ${match} LIMIT ${limit}`);
  return rows.map((r) => r.rowid);
}
