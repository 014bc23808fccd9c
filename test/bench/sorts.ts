/**
 * The first page of each list sorted by each of its sortable columns, both ways, at one connection:
 * "sort by any column" must stay fast at scale, not only the sorts the page benchmark repeats. The
 * columns come from the lists' own field descriptors, custom fields included.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../../src/db/schema/index.js';
import { companyListFields } from '../../src/features/companies/queries.js';
import { contactListFields } from '../../src/features/contacts/queries.js';
import { dealListFields } from '../../src/features/deals/queries.js';
import { leadListFields } from '../../src/features/leads/queries.js';

const TRIES = 5;

export interface SortTiming {
  list: string;
  column: string;
  /** Median and slowest of the tries, in ms, per direction. */
  asc: { median: number; worst: number };
  desc: { median: number; worst: number };
}

function sortableKeys(file: string): Record<string, string[]> {
  const sqlite = new Database(file, { readonly: true });
  try {
    const db = drizzle(sqlite, { schema });
    const keys = (fields: { key: string; sortable: boolean }[]) => fields.filter((f) => f.sortable).map((f) => f.key);
    return {
      leads: keys(leadListFields(db)),
      contacts: keys(contactListFields(db, undefined)),
      companies: keys(companyListFields(db)),
      deals: keys(dealListFields(db, { contact: undefined, company: undefined })),
    };
  } finally {
    sqlite.close();
  }
}

async function time(url: string, cookie: string): Promise<{ median: number; worst: number }> {
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

export async function measureSorts(base: string, cookie: string, file: string): Promise<SortTiming[]> {
  const out: SortTiming[] = [];
  for (const [list, columns] of Object.entries(sortableKeys(file))) {
    for (const column of columns) {
      const url = (dir: string) => `${base}/${list}?sort=${encodeURIComponent(column)}&dir=${dir}`;
      out.push({ list, column, asc: await time(url('asc'), cookie), desc: await time(url('desc'), cookie) });
    }
  }
  return out;
}

export function sortTable(timings: SortTiming[]): string {
  const ms = (t: { median: number; worst: number }) => `${t.median.toFixed(1)} | ${t.worst.toFixed(1)}`;
  const slowest = Math.max(...timings.flatMap((t) => [t.asc.worst, t.desc.worst]));
  return `| list sorted by (first page, 1 connection, ${TRIES} tries) | ascending: median ms | slowest ms | descending: median ms | slowest ms |
|---|---|---|---|---|
${timings.map((t) => `| ${t.list}: ${t.column} | ${ms(t.asc)} | ${ms(t.desc)} |`).join('\n')}

Slowest sorted first page: ${slowest.toFixed(0)} ms.`;
}
