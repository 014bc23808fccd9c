import { asc, eq, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/connection.js';
import { referenceItems, users } from '../../../db/schema/index.js';
import type { Locale, MessageKey } from '../../i18n/index.js';
import { shownRows, type BuiltinKind } from '../builtin.js';
import { idsHolding, type SearchEntity } from '../search.js';
import { normalize, type CommKind } from '../communications.js';
import { field, type Choice, type ListField, type Names, type TextMatch } from './fields.js';
import { memo } from '../../../db/memo.js';

/** Field descriptors every record list shares: the responsible, reference lists, communications, dates. */
export function userChoices(db: Db): Choice[] {
  return memo(db, 'choices.users', () => db.select({ id: users.id, name: users.fullName }).from(users).orderBy(asc(users.fullName)).all());
}

/** A reference list's items, named in the reader's language (built-in ones until renamed). */
export function referenceChoices(db: Db, list: string, locale: Locale): Choice[] {
  return memo(db, `choices.reference.${list}.${locale}`, () =>
    shownRows(
      locale,
      list as BuiltinKind,
      db.select({ id: referenceItems.id, name: referenceItems.name, code: referenceItems.code }).from(referenceItems).where(eq(referenceItems.list, list)).orderBy(asc(referenceItems.sort)).all(),
    ).map(({ id, name }) => ({ id, name })),
  );
}

/** Choices as the names behind their ids, for a list's cells. */
export function namesOf(db: Db, key: string, choices: () => readonly { id: number; name: string; color?: string | null }[]): Names {
  return memo(db, `names.${key}`, () => new Map(choices().map((c) => [c.id, { text: c.name, extra: c.color ?? null }])));
}

/** The responsible user, shown and sorted by name, filtered by "is one of". */
export function responsibleField(db: Db, column: SQLiteColumn, label: MessageKey = 'records.responsible'): ListField {
  const name = sql`(SELECT full_name FROM users WHERE users.id = ${column})`;
  return field('user', 'responsible', label, sql`${column}`, {
    names: () => namesOf(db, 'users', () => userChoices(db)),
    sort: name,
    through: { table: 'users', index: 'users_name', order: 'full_name', key: sql`${column}` },
    nullable: false,
    choices: () => userChoices(db),
  });
}

/**
 * An item of an admin-edited reference list (source, type, industry), named in the reader's language.
 * Sorting is by the stored name (a built-in item's as seeded, in the company's language).
 */
export function referenceField(db: Db, key: string, label: MessageKey, column: SQLiteColumn, list: string, locale: Locale): ListField {
  const name = sql`(SELECT name FROM reference_items WHERE reference_items.id = ${column})`;
  return field('reference', key, label, sql`${column}`, {
    names: () => namesOf(db, `reference.${list}.${locale}`, () => referenceChoices(db, list, locale)),
    sort: name,
    through: { table: 'reference_items', index: 'reference_items_name', order: 'name', key: sql`${column}` },
    choices: () => referenceChoices(db, list, locale),
  });
}

const phoneShaped = /^[\d\s()+\-.]+$/;

/**
 * How a filter finds a record's phones or e-mails: in the communications table, by the normalized
 * value search uses, so a phone matches in any formatting ("8 (916) 123" finds +7 916 123-45-67).
 * Typed text that is not a phone is looked for in the values as written.
 */
function commMatch(kind: CommKind, m: TextMatch): SQL {
  if (kind === 'phone' && phoneShaped.test(m.typed) && /\d/.test(m.typed)) {
    if (m.equals) return sql`normalized = ${normalize('phone', m.typed)}`;
    const digits = m.typed.replace(/\D/g, '');
    // A Russian trunk "8" is stored as "+7" (communications.ts, normalize): "8916…" also finds the numbers that begin "7916…".
    const trunk = digits.length > 1 && digits.startsWith('8') && !m.typed.trim().startsWith('+') ? sql` OR substr(normalized, 1, ${digits.length}) = ${`7${digits.slice(1)}`}` : sql``;
    return sql`(instr(normalized, ${digits}) > 0${trunk})`;
  }
  if (kind === 'email' || kind === 'web') return m.equals ? sql`normalized = ${normalize(kind, m.typed)}` : sql`instr(normalized, ${m.typed.toLowerCase()}) > 0`;
  return m.test(sql`value`);
}

/** All phones (or e-mails…) of a record in their order, as one line; filtered by "contains". */
export function commField(entity: SearchEntity, idColumn: SQLiteColumn, kind: CommKind, label: MessageKey): ListField {
  const value = sql`(SELECT group_concat(value, ', ') FROM (SELECT value FROM communications WHERE entity = ${entity} AND entity_id = ${idColumn} AND kind = ${kind} ORDER BY sort, id))`;
  return field('text', kind, label, value, {
    sortable: false,
    match: (m) => sql`${idColumn} IN (SELECT entity_id FROM communications WHERE entity = ${entity} AND kind = ${kind} AND ${commMatch(kind, m)})`,
  });
}

/** More records than this holding the typed text, and the list's walk in its own order finds its page among them sooner. */
const INDEXED_HITS = 2000;

/**
 * The records of a kind whose indexed text (search.ts) holds what was typed, when they are few:
 * for a text filter on a title or name the index holds as written, they are all the records that
 * can match, to be read by id and tested exactly. Null when the text is too short for the index or
 * more than INDEXED_HITS records hold it: walking 200 000 deals in their order for a fragment that
 * few of them hold ("19075", a deal's number) took 450 ms, while a common one is found in the first rows.
 */
export function fewHolding(db: Db, entity: SearchEntity, typed: string): number[] | null {
  const hits = idsHolding(db, entity, typed, INDEXED_HITS + 1);
  return hits === null || hits.length > INDEXED_HITS ? null : hits;
}

/** `id` is one of `ids`, as one bound value (a statement's text stays the same whatever their number). */
export const oneOf = (id: SQL | SQLiteColumn, ids: number[]): SQL => sql`${id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;

function heldText(db: Db, entity: SearchEntity, id: SQLiteColumn, value: SQL): (m: TextMatch) => SQL {
  return (m) => {
    const few = fewHolding(db, entity, m.typed);
    return few ? sql`${oneOf(id, few)} AND ${m.test(value)}` : m.test(value);
  };
}

/** A text column the search index holds as written (a title, a name, a position, a tax id): its filter asks the index first. */
export function heldField(db: Db, entity: SearchEntity, key: string, label: MessageKey, text: SQLiteColumn, id: SQLiteColumn, options: Partial<ListField> = {}): ListField {
  return field('text', key, label, column(text), { match: heldText(db, entity, id, column(text)), ...options });
}

/** A record's own title or name: the link to its page. */
export function titleField(db: Db, entity: SearchEntity, key: string, label: MessageKey, title: SQLiteColumn, id: SQLiteColumn): ListField {
  return heldField(db, entity, key, label, title, id, { link: true, nullable: false });
}

export function timeFields(created: SQLiteColumn, updated: SQLiteColumn): ListField[] {
  return [
    field('datetime', 'createdAt', 'records.created', sql`${created}`, { nullable: false }),
    field('datetime', 'updatedAt', 'lists.updated', sql`${updated}`, { nullable: false }),
  ];
}

export const column = (c: SQLiteColumn): SQL => sql`${c}`;
