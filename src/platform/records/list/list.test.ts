import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';
import { openDatabase } from '../../../db/connection.js';
import { field } from './fields.js';
import { parseFilters } from './filters.js';
import { orderedColumns } from './forms.js';
import { listPage } from './query.js';

/** A throwaway table with a nullable, repeated sort value: what keyset paging finds hardest. */
const things = sqliteTable('things', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  rank: integer('rank'),
  day: text('day'),
  itemId: integer('item_id'),
  deletedAt: integer('deleted_at'),
});

/** What things point to: two items share a name, one has no things. */
const ITEMS = [
  [1, 'Синий'],
  [2, 'Красный'],
  [3, 'Синий'],
  [4, 'Белый'],
] as const;

function database() {
  const { db, sqlite } = openDatabase(':memory:');
  sqlite.exec('CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL, rank INTEGER, day TEXT, item_id INTEGER, deleted_at INTEGER)');
  sqlite.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL); CREATE INDEX items_name ON items (name, id)');
  for (const item of ITEMS) sqlite.prepare('INSERT INTO items (id, name) VALUES (?, ?)').run(...item);
  const insert = sqlite.prepare('INSERT INTO things (name, rank, day, item_id, deleted_at) VALUES (?, ?, ?, ?, ?)');
  for (let i = 0; i < 47; i++) {
    insert.run(`Вещь ${i}`, i % 4 === 0 ? null : i % 3, i % 5 === 0 ? null : `2026-0${1 + (i % 9)}-15`, i % 7 === 0 ? null : [1, 2, 3][i % 3], i === 13 ? 1 : null);
  }
  return db;
}

const fields = [
  field('text', 'name', 'records.created', sql`${things.name}`, { nullable: false }),
  field('number', 'rank', 'records.created', sql`${things.rank}`),
  field('date', 'day', 'records.created', sql`${things.day}`),
  field('reference', 'item', 'records.created', sql`${things.itemId}`, {
    sort: sql`(SELECT name FROM items WHERE items.id = ${things.itemId})`,
    through: { table: 'items', index: 'items_name', order: 'name', key: sql`${things.itemId}` },
  }),
];
const spec = { table: things, id: things.id, deletedAt: things.deletedAt };
const env = { timeZone: 'Europe/Moscow', currency: 'RUB', rates: new Map<string, string>() };

describe('keyset paging over a nullable, repeated sort value', () => {
  it.each([
    ['rank', 'asc'],
    ['rank', 'desc'],
    ['day', 'asc'],
    ['day', 'desc'],
    ['name', 'desc'],
    ['item', 'asc'],
    ['item', 'desc'],
  ] as const)('%s %s: every live row once, in order', (key, dir) => {
    const db = database();
    const sort = fields.find((f) => f.key === key)!;
    const whole = listPage(db, spec, { shown: fields, conditions: [], ids: null, visible: undefined, sort, dir, after: null, limit: 1000 });
    const paged: number[] = [];
    let after = null;
    for (;;) {
      const page = listPage(db, spec, { shown: fields, conditions: [], ids: null, visible: undefined, sort, dir, after, limit: 5 });
      paged.push(...page.map((r) => r.id));
      if (page.length < 5) break;
      after = page[4]!.cursor;
    }
    expect(whole).toHaveLength(46);
    expect(paged).toEqual(whole.map((r) => r.id));
  });

  it.each(['asc', 'desc'] as const)('through the items table, %s: by name, then item, then id, the things without an item at the low end', (dir) => {
    const db = database();
    const sort = fields.find((f) => f.key === 'item')!;
    const rows = listPage(db, spec, { shown: fields, conditions: [], ids: null, visible: undefined, sort, dir, after: null, limit: 1000 });
    const name = new Map<number, string>(ITEMS);
    const key = (r: (typeof rows)[number]) => {
      const item = r.cells[3]!.value as number | null;
      return [item === null ? '' : name.get(item)!, item ?? 0, r.id] as const;
    };
    const ascending = [...rows].sort((x, y) => {
      const [a, b] = [key(x), key(y)];
      return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2];
    });
    expect(rows.map((r) => r.id)).toEqual((dir === 'asc' ? ascending : ascending.reverse()).map((r) => r.id));
    // A quick search's rows are sorted by the expression instead, in the same order.
    const ids = rows.map((r) => r.id);
    const searched = listPage(db, spec, { shown: fields, conditions: [], ids, visible: undefined, sort, dir, after: null, limit: 1000 });
    expect(searched.map((r) => [r.cells[3]!.value === null, name.get(r.cells[3]!.value as number)])).toEqual(rows.map((r) => [r.cells[3]!.value === null, name.get(r.cells[3]!.value as number)]));
  });
});

describe('filter parameters', () => {
  it.each([
    [{ 'f.name': '  вещь 1 ' }, { 'f.name': 'вещь 1' }, 1, []],
    [{ 'f.name': 'x', 'f.name.op': 'equals' }, { 'f.name': 'x', 'f.name.op': 'equals' }, 1, []],
    [{ 'f.name': '' }, {}, 0, []],
    [{ 'f.rank.from': '1', 'f.rank.to': '2' }, { 'f.rank.from': '1', 'f.rank.to': '2' }, 1, []],
    [{ 'f.rank.from': 'one', 'f.rank.to': 'two' }, { 'f.rank.from': 'one', 'f.rank.to': 'two' }, 1, ['lists.filter.number']],
    [{ 'f.day.to': '2026-02-30x' }, { 'f.day.to': '2026-02-30x' }, 1, ['lists.filter.date']],
    [{ 'f.name': 'a'.repeat(201) }, { 'f.name': 'a'.repeat(201) }, 1, ['lists.filter.tooLong']],
  ])('%j', (query, raw, active, errors) => {
    const parsed = parseFilters(fields, query, env);
    expect(parsed.raw).toEqual(raw);
    expect(parsed.active).toBe(active);
    expect(parsed.errors.map((e) => e.key)).toEqual(errors);
  });

  it('narrows the page to what the filters say', () => {
    const db = database();
    const { conditions } = parseFilters(fields, { 'f.rank.from': '2', 'f.day.from': '2026-03-01', 'f.name': 'ВЕЩЬ' }, env);
    const rows = listPage(db, spec, { shown: fields, conditions, ids: null, visible: undefined, sort: fields[0]!, dir: 'asc', after: null, limit: 100 });
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.cells[1]!.value).toBe(2);
      expect(String(r.cells[2]!.value) >= '2026-03-01').toBe(true);
    }
  });
});

describe('column order', () => {
  it.each([
    [['a', 'b', 'c'], {}, ['a', 'b', 'c']],
    [['a', 'b', 'c'], { 'order.a': '3', 'order.b': '1', 'order.c': '2' }, ['b', 'c', 'a']],
    [['a', 'b', 'c'], { 'order.c': '1' }, ['c', 'a', 'b']],
    [['a', 'b'], { 'order.a': '2', 'order.b': '2' }, ['a', 'b']],
    [['a', 'b'], { 'order.a': 'x', 'order.b': ' ' }, ['a', 'b']],
  ])('%j with %j', (cols, body, want) => {
    expect(orderedColumns(cols, body)).toEqual(want);
  });
});
