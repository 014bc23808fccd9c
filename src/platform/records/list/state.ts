import type { Request } from 'express';
import type { Direction } from '../paging.js';
import { decodeCursor, type Cursor } from '../paging.js';
import { parseFilters, type FilterEnv, type Filters } from './filters.js';
import type { ListField } from './fields.js';

/**
 * What a list request asks for, read from its GET parameters: quick search, field filters, sort,
 * the cursor of the page and the open view. Unknown sorts fall back to the list's default; filter
 * values that cannot be read are reported, not guessed.
 */
export interface ListState {
  q: string;
  filters: Filters;
  sort: ListField;
  dir: Direction;
  after: Cursor | null;
  viewId: number | null;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export function readState(fields: ListField[], query: Request['query'], defaults: { key: string; dir: Direction }, env: FilterEnv): ListState {
  const wanted = fields.find((f) => f.key === text(query.sort) && f.sortable);
  const fallback = fields.find((f) => f.key === defaults.key)!;
  const dir = text(query.dir);
  const view = Number(text(query.view));
  return {
    q: text(query.q).slice(0, 100),
    filters: parseFilters(fields, query, env),
    sort: wanted ?? fallback,
    dir: dir === 'asc' || dir === 'desc' ? dir : wanted ? 'asc' : defaults.dir,
    after: decodeCursor(query.after),
    viewId: Number.isInteger(view) && view > 0 ? view : null,
  };
}

/** The list's query (search, filters, sort) as parameters: what a link to this list carries and a view saves. */
export function stateParams(s: ListState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const [k, v] of Object.entries(s.filters.raw)) for (const item of Array.isArray(v) ? v : [v]) p.append(k, item);
  p.set('sort', s.sort.key);
  p.set('dir', s.dir);
  return p;
}

/** A link to this list with some parameters replaced (sort, dir, after), keeping the open view. */
export function listHref(base: string, s: ListState, over: Record<string, string> = {}): string {
  const p = stateParams(s);
  for (const [k, v] of Object.entries(over)) p.set(k, v);
  if (s.viewId) p.set('view', String(s.viewId));
  return `${base}?${p}`;
}
