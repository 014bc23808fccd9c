import { inArray, sql, type SQL } from 'drizzle-orm';
import { parseDay } from '../../dates.js';
import { dayStart } from '../../format.js';
import type { MessageKey } from '../../i18n/index.js';
import { boundIn, parseMoney } from '../../money.js';
import { paramOf, type ListField } from './fields.js';

/**
 * Field filters from GET parameters, so a filtered list is a link. Per kind:
 *  text — `f.x` (contains, ignoring case) with `f.x.op=equals` for an exact match;
 *  number, money, date, datetime — `f.x.from` and/or `f.x.to`, both ends included; money in the
 *    base currency, compared with amounts in other currencies at the current rates (moneyBound);
 *  reference, user, stage, status — `f.x` repeated: is one of;
 *  boolean — `f.x=yes|no`.
 * A value that cannot be read is reported by field (and the list shows nothing rather than guess).
 */
export type RawValues = Record<string, string | string[]>;

export interface FilterError {
  field: ListField;
  key: MessageKey;
}

export interface Filters {
  conditions: SQL[];
  errors: FilterError[];
  /** The filter parameters as given (non-empty only), to show in the form and carry in links. */
  raw: RawValues;
  active: number;
}

export interface FilterEnv {
  timeZone: string;
  /** Money bounds are typed in this currency's units (the base currency). */
  currency: string;
  /** The current rates (base units per unit) of the other currencies that have one. */
  rates: ReadonlyMap<string, string>;
}

const MAX_TEXT = 200;

function one(v: unknown): string {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.trim() : '';
}

function many(v: unknown): string[] {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((s): s is string => typeof s === 'string').map((s) => s.trim()).filter(Boolean);
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * A money bound typed in the base currency. A value with its currency beside it (`extra`) is compared
 * as converted into the base currency at the current rates, rounded as convertMinor rounds: for each
 * currency with a rate the bound becomes the first (last) amount in that currency that reaches it,
 * so the stored column is compared as it is. Values in a currency without a rate cannot be placed
 * and do not pass. The loosest of those bounds is added on its own, so an index on the value still
 * narrows the rows.
 */
function moneyBound(f: ListField, minor: number, edge: 'from' | 'to', env: FilterEnv): SQL {
  const compare = (value: number) => (edge === 'from' ? sql`${f.value} >= ${value}` : sql`${f.value} <= ${value}`);
  if (!f.extra) return compare(minor);
  const base = { currency: env.currency, rate: '1' };
  const bounds = new Map([[env.currency, minor]]);
  for (const [currency, rate] of env.rates) {
    const found = currency === env.currency ? null : boundIn(minor, edge, { currency, rate }, base);
    if (found !== null) bounds.set(currency, found);
  }
  const loosest = (edge === 'from' ? Math.min : Math.max)(...bounds.values());
  const each = [...bounds].map(([currency, value]) => sql`(${f.extra} = ${currency} AND ${compare(value)})`);
  return sql`(${compare(loosest)} AND (${sql.join(each, sql` OR `)}))`;
}

function bound(f: ListField, s: string, edge: 'from' | 'to', env: FilterEnv): { ok: true; value: SQL } | { ok: false; key: MessageKey } {
  switch (f.kind) {
    case 'number':
      if (!/^-?\d{1,15}$/.test(s)) return { ok: false, key: 'lists.filter.number' };
      return { ok: true, value: edge === 'from' ? sql`${f.value} >= ${Number(s)}` : sql`${f.value} <= ${Number(s)}` };
    case 'money': {
      const minor = s.length > 30 ? null : parseMoney(s, env.currency);
      if (minor === null) return { ok: false, key: 'lists.filter.money' };
      return { ok: true, value: moneyBound(f, minor, edge, env) };
    }
    case 'date': {
      const day = parseDay(s);
      if (!day) return { ok: false, key: 'lists.filter.date' };
      return { ok: true, value: edge === 'from' ? sql`${f.value} >= ${day}` : sql`${f.value} <= ${day}` };
    }
    default: {
      const day = parseDay(s);
      if (!day) return { ok: false, key: 'lists.filter.date' };
      // A day of the user's calendar: from its first moment up to (not including) the next day's.
      return { ok: true, value: edge === 'from' ? sql`${f.value} >= ${dayStart(day, env.timeZone)}` : sql`${f.value} < ${dayStart(nextDay(day), env.timeZone)}` };
    }
  }
}

export function parseFilters(fields: ListField[], query: Record<string, unknown>, env: FilterEnv): Filters {
  const out: Filters = { conditions: [], errors: [], raw: {}, active: 0 };
  const fail = (field: ListField, key: MessageKey) => out.errors.push({ field, key });
  for (const f of fields.filter((x) => x.filterable)) {
    const p = paramOf(f);
    switch (f.kind) {
      case 'text': {
        const v = one(query[p]);
        if (!v) break;
        const equals = one(query[`${p}.op`]) === 'equals';
        out.raw[p] = v;
        if (equals) out.raw[`${p}.op`] = 'equals';
        out.active++;
        if (v.length > MAX_TEXT) fail(f, 'lists.filter.tooLong');
        else {
          const folded = v.toLocaleLowerCase();
          const test = (expr: SQL) => (equals ? sql`casefold(${expr}) = ${folded}` : sql`instr(casefold(${expr}), ${folded}) > 0`);
          out.conditions.push(f.match ? f.match({ typed: v, folded, equals, test }) : test(f.value));
        }
        break;
      }
      case 'number':
      case 'money':
      case 'date':
      case 'datetime': {
        let counted = false;
        for (const edge of ['from', 'to'] as const) {
          const v = one(query[`${p}.${edge}`]);
          if (!v) continue;
          out.raw[`${p}.${edge}`] = v;
          if (!counted) out.active++;
          counted = true;
          const b = bound(f, v, edge, env);
          if (b.ok) out.conditions.push(b.value);
          else if (!out.errors.some((e) => e.field === f)) fail(f, b.key);
        }
        break;
      }
      case 'boolean': {
        const v = one(query[p]);
        if (!v) break;
        out.raw[p] = v;
        out.active++;
        if (v === 'yes') out.conditions.push(sql`${f.value} = 1`);
        else if (v === 'no') out.conditions.push(sql`coalesce(${f.value}, 0) = 0`);
        else fail(f, 'lists.filter.choice');
        break;
      }
      default: {
        const vs = many(query[p]);
        if (vs.length === 0) break;
        out.raw[p] = vs;
        out.active++;
        const known = new Set((f.choices?.() ?? []).map((c) => c.id));
        const ids = vs.map(Number);
        if (vs.length > 100 || ids.some((id) => !known.has(id))) fail(f, 'lists.filter.choice');
        else out.conditions.push(inArray(f.value, ids));
      }
    }
  }
  return out;
}
