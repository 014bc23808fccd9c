import type { Cut } from '../scope.js';
import type { Bucket, Definition } from './definition.js';
import type { BuilderField, EntityCatalog } from './fields.js';

/**
 * Drill-down from a builder report's counts to the deal or lead list with the same filter, in the
 * list's own parameters (platform/records/list/filters.ts): the viewer's people (as the standard
 * reports link them), the period, the equality filter and the group's values. A figure gets no link
 * when the list cannot say one of its conditions (an empty group, a field the list does not filter
 * by), rather than a link to other records than the figure's.
 */
type Params = [string, string][];

const paths: Partial<Record<EntityCatalog['entity'], string>> = { deal: '/deals', lead: '/leads' };
const fold = (s: string) => s.trim().toLocaleLowerCase();
const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const lastOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);

/** The days (both included) a bucket's value covers: a day, the week from its Monday, YYYY-MM, YYYY-Qn, YYYY. */
export function bucketDays(v: string, bucket: Bucket): { from: string; to: string } {
  switch (bucket) {
    case 'day':
      return { from: v, to: v };
    case 'week':
      return { from: v, to: plusDays(v, 6) };
    case 'month':
      return { from: `${v}-01`, to: lastOfMonth(Number(v.slice(0, 4)), Number(v.slice(5, 7))) };
    case 'quarter': {
      const first = (Number(v.slice(-1)) - 1) * 3 + 1;
      return { from: `${v.slice(0, 4)}-${String(first).padStart(2, '0')}-01`, to: lastOfMonth(Number(v.slice(0, 4)), first + 2) };
    }
    case 'year':
      return { from: `${v}-01-01`, to: `${v}-12-31` };
  }
}

const range = (param: string, from: string, to: string): Params => [
  [`${param}.from`, from],
  [`${param}.to`, to],
];

function refParams(f: BuilderField, id: number | string): Params {
  const values = f.listValues ? f.listValues(id) : [String(id)];
  return [...values.map((v): [string, string] => [f.param!, v]), ...(f.byName ? [[`${f.param}.op`, 'equals'] as [string, string]] : [])];
}

/** The list's filter for one group's value. */
function valueParams(f: BuilderField, v: unknown, bucket: Bucket | null): Params | null {
  if (!f.param || v === null || v === undefined || v === '') return null;
  if (bucket) {
    const d = bucketDays(String(v), bucket);
    return range(f.param, d.from, d.to);
  }
  switch (f.kind) {
    case 'ref':
      return refParams(f, typeof v === 'number' || typeof v === 'string' ? v : String(v));
    case 'text':
      return [[f.param, String(v)], [`${f.param}.op`, 'equals']];
    case 'number':
      return range(f.param, String(v), String(v));
    case 'boolean':
      return [[f.param, Number(v) ? 'yes' : 'no']];
    default:
      return null;
  }
}

/** The list's filter for "the field equals what was typed". */
function equalsParams(f: BuilderField, typed: string): Params | null {
  if (!f.param) return null;
  const s = typed.trim();
  switch (f.kind) {
    case 'ref': {
      if (f.byName) return [[f.param, s], [`${f.param}.op`, 'equals']];
      const ids = [...(f.names?.([]) ?? [])].filter(([id, name]) => fold(name) === fold(s) || fold(String(id)) === fold(s)).map(([id]) => id);
      return ids.length ? ids.flatMap((id) => refParams(f, id)) : null;
    }
    case 'text':
      return [[f.param, s], [`${f.param}.op`, 'equals']];
    case 'number':
    case 'date':
      return range(f.param, s, s);
    case 'boolean':
      return [[f.param, /^(1|true|yes|да)$/i.test(s) ? 'yes' : 'no']];
    default:
      return null;
  }
}

/**
 * The sources' parameters as one filter: the responsible of a group or of the filter replaces the
 * viewer's people (it is one of them), periods on one date field meet, and two sources on one "is
 * one of" filter keep the values both allow (null when none: no record is both).
 */
function merged(people: Params, sources: Params[]): URLSearchParams | null {
  const out = new Map<string, string[]>();
  for (const [k, v] of people) out.set(k, [...(out.get(k) ?? []), v]);
  const taken = new Set<string>();
  for (const source of sources) {
    const keys = new Set(source.map(([k]) => k));
    for (const k of keys) {
      const values = source.filter(([key]) => key === k).map(([, v]) => v);
      const had = out.get(k);
      if (k.endsWith('.from') && had && taken.has(k)) out.set(k, [values[0]! > had[0]! ? values[0]! : had[0]!]);
      else if (k.endsWith('.to') && had && taken.has(k)) out.set(k, [values[0]! < had[0]! ? values[0]! : had[0]!]);
      else if (taken.has(k) && !k.endsWith('.op')) {
        // Two conditions on one "is one of" (or exact text) filter: the records both allow.
        const both = had!.filter((v) => values.includes(v));
        if (!both.length) return null;
        out.set(k, both);
      } else out.set(k, values);
      taken.add(k);
    }
  }
  const p = new URLSearchParams();
  for (const [k, values] of out) for (const v of values) p.append(k, v);
  return p;
}

export interface Drill {
  /** The link for a group's keys (only the first: a subtotal; null: the totals), or undefined. */
  href(keys: unknown[] | null): string | undefined;
}

export function drillOf(catalog: EntityCatalog, d: Definition, cut: Cut, days: { from: string; to: string } | null): Drill {
  const path = paths[catalog.entity];
  const field = (key: string) => catalog.fields.find((f) => f.key === key)!;
  const people: Params = cut.people === null ? [] : (cut.people.length ? cut.people : [0]).map((id) => ['f.responsible', String(id)]);
  const fixed: (Params | null)[] = [];
  if (d.period && days) {
    const f = field(d.period.field);
    fixed.push(f.param ? range(f.param, days.from, days.to) : null);
  }
  if (d.equals) fixed.push(equalsParams(field(d.equals.field), d.equals.value));
  return {
    href(keys) {
      if (!path || fixed.includes(null)) return undefined;
      const groups = keys === null ? [] : d.groups.slice(0, keys.length).map((g, i) => valueParams(field(g.field), keys[i], g.bucket));
      if (groups.includes(null)) return undefined;
      const p = merged(people, [...(fixed as Params[]), ...(groups as Params[])]);
      return p ? `${path}?${p}` : undefined;
    },
  };
}
