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
    .filter((w) => [...w].length >= MIN_QUERY);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' AND ');
}

function idsMatching(db: Db, entity: SearchEntity, match: string, limit: number): number[] {
  return db.all<{ rowid: number }>(sql`SELECT rowid FROM ${table(entity)} WHERE ${table(entity)} MATCH ${match} LIMIT ${limit}`).map((r) => r.rowid);
}

/** Record ids of one entity matching every word of `q`; null when the query is too short. */
export function searchIds(db: Db, entity: SearchEntity, q: string, limit = 1000): number[] | null {
  const match = matchExpression(q);
  return match === null ? null : idsMatching(db, entity, match, limit);
}

/**
 * Record ids of one entity whose indexed text holds `text` as typed, spaces and punctuation included
 * (ignoring case and diacritics, so it finds at least every record that holds it); null when the
 * text is too short for the index.
 */
export function idsHolding(db: Db, entity: SearchEntity, text: string, limit: number): number[] | null {
  // Counted in characters, as the index counts them: an emoji is two UTF-16 units.
  return [...text].length < MIN_QUERY ? null : idsMatching(db, entity, `"${text.replace(/"/g, '""')}"`, limit);
}
