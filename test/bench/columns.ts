/**
 * Each list's first page sorted by each of its sortable columns, both ways, and filtered by each of
 * its filterable columns, at one connection: "sort and filter by any column" must stay fast at scale,
 * not only the pages the page benchmark repeats. The columns come from the lists' own field
 * descriptors, custom fields included.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../../src/db/schema/index.js';
import { companyListFields } from '../../src/features/companies/queries.js';
import { contactListFields } from '../../src/features/contacts/queries.js';
import { dealListFields } from '../../src/features/deals/queries.js';
import { leadListFields } from '../../src/features/leads/queries.js';
import { paramOf, type ListField } from '../../src/platform/records/list/fields.js';

const TRIES = 5;

export interface Timing {
  median: number;
  worst: number;
}

export interface SortTiming {
  list: string;
  column: string;
  asc: Timing;
  desc: Timing;
}

export interface FilterTiming {
  list: string;
  column: string;
  /** The filter's query, as a user's link carries it. */
  query: string;
  time: Timing;
}

/**
 * Filters a user might set on the field: for text a fragment of a common Russian surname, and a word
 * no record holds (a filter that finds nothing has to look at every row, unless an index answers);
 * the first choice for "is one of", an open-ended range for numbers and dates.
 */
function filterQueries(f: ListField): string[] {
  const p = paramOf(f);
  switch (f.kind) {
    case 'text':
      return [`${p}=${encodeURIComponent('ов')}`, `${p}=${encodeURIComponent('Ромашка')}`];
    case 'number':
    case 'money':
      return [`${p}.from=1000`];
    case 'date':
    case 'datetime':
      return [`${p}.from=2026-06-01`];
    case 'boolean':
      return [`${p}=yes`];
    default: {
      const first = f.choices?.()[0];
      return first ? [`${p}=${first.id}`] : [];
    }
  }
}

/** Per list: the columns it sorts by and a filter for each column it filters by. */
function columnsOf(file: string): Record<string, { sortable: string[]; filters: { column: string; query: string }[] }> {
  const sqlite = new Database(file, { readonly: true });
  try {
    const db = drizzle(sqlite, { schema });
    const lists = {
      leads: leadListFields(db, 'en'),
      contacts: contactListFields(db, undefined, 'en'),
      companies: companyListFields(db, 'en'),
      deals: dealListFields(db, { contact: undefined, company: undefined }, 'en'),
    };
    return Object.fromEntries(
      Object.entries(lists).map(([list, fields]) => [
        list,
        {
          sortable: fields.filter((f) => f.sortable).map((f) => f.key),
          filters: fields.filter((f) => f.filterable).flatMap((f) => filterQueries(f).map((query) => ({ column: f.key, query }))),
        },
      ]),
    );
  } finally {
    sqlite.close();
  }
}

/** A signed-in browser's wait for one page (request to last byte), tried a few times. */
export async function time(url: string, cookie: string): Promise<Timing> {
  const took: number[] = [];
  for (let i = 0; i < TRIES; i++) {
    const start = performance.now();
    const r = await fetch(url, { headers: { cookie } });
    await r.text();
    if (r.status !== 200) throw new Error(`${url} answered ${r.status}`);
    took.push(performance.now() - start);
  }
  took.sort((a, b) => a - b);
  return { median: took[Math.floor(TRIES / 2)]!, worst: took[TRIES - 1]! };
}

export async function measureColumns(base: string, cookie: string, file: string): Promise<{ sorts: SortTiming[]; filters: FilterTiming[] }> {
  const sorts: SortTiming[] = [];
  const filters: FilterTiming[] = [];
  for (const [list, columns] of Object.entries(columnsOf(file))) {
    for (const column of columns.sortable) {
      const url = (dir: string) => `${base}/${list}?sort=${encodeURIComponent(column)}&dir=${dir}`;
      sorts.push({ list, column, asc: await time(url('asc'), cookie), desc: await time(url('desc'), cookie) });
    }
    for (const { column, query } of columns.filters) {
      filters.push({ list, column, query: decodeURIComponent(query), time: await time(`${base}/${list}?${query}`, cookie) });
    }
  }
  return { sorts, filters };
}

export const ms = (t: Timing) => `${t.median.toFixed(1)} | ${t.worst.toFixed(1)}`;

export function columnTables({ sorts, filters }: { sorts: SortTiming[]; filters: FilterTiming[] }): string {
  const slowest = (times: Timing[]) => Math.max(...times.map((t) => t.worst)).toFixed(0);
  return `| list sorted by (first page, 1 connection, ${TRIES} tries) | ascending: median ms | slowest ms | descending: median ms | slowest ms |
|---|---|---|---|---|
${sorts.map((t) => `| ${t.list}: ${t.column} | ${ms(t.asc)} | ${ms(t.desc)} |`).join('\n')}

Slowest sorted first page: ${slowest(sorts.flatMap((t) => [t.asc, t.desc]))} ms.

| list filtered by (first page, default sort) | filter | median ms | slowest ms |
|---|---|---|---|
${filters.map((t) => `| ${t.list}: ${t.column} | \`${t.query}\` | ${ms(t.time)} |`).join('\n')}

Slowest filtered first page: ${slowest(filters.map((t) => t.time))} ms.`;
}
