import { parseDay } from '../../dates.js';
import type { FieldErrors } from '../../errors.js';
import { fromLocalInput, toLocalInput, type Formatter } from '../../format.js';
import type { MessageKey } from '../../i18n/index.js';
import { moneyInput, parseMoney } from '../../money.js';
import type { CustomDef, LinkTarget } from './definitions.js';

/**
 * Custom values: what a form posts for each definition, checked by type, and how a stored value is
 * written to the record's `custom` JSON and shown again. Stored shapes, by type:
 *   string, text — the trimmed text; number — a JSON number; money — { amount: minor units, currency };
 *   date — "YYYY-MM-DD"; datetime — UTC ms; boolean — true (false is left out); list — an option id;
 *   multi — option ids in the options' order; link — the id of a user, contact or company.
 * An empty value is left out of the JSON, so "holds a value" is "the key is present".
 */
export interface ParseEnv {
  timeZone: string;
  /** Currency of a money field typed without one. */
  currency: string;
  /** Does the record exist and may the user read it? Asked only for a link that changed. */
  linkOk(target: LinkTarget, id: number): boolean;
}

export interface Money {
  amount: number;
  currency: string;
}

type Parsed = { ok: true; value: unknown } | { ok: false; key: MessageKey; params?: Record<string, number> };

const MAX: Partial<Record<CustomDef['type'], number>> = { string: 500, text: 5000 };
const NUMBER = /^-?\d{1,15}([.,]\d{1,6})?$/;
const ID = /^[1-9]\d{0,15}$/;

const one = (v: unknown): string => (typeof v === 'string' ? v.trim() : Array.isArray(v) && typeof v[0] === 'string' ? v[0].trim() : '');
const many = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim());
const empty: Parsed = { ok: true, value: undefined };

/** One posted value → the stored value (undefined: empty), or the reason it is refused. */
export function parseValue(def: CustomDef, raw: unknown, stored: unknown, env: ParseEnv): Parsed {
  switch (def.type) {
    case 'string':
    case 'text': {
      const s = one(raw);
      if (!s) return empty;
      return s.length > MAX[def.type]! ? { ok: false, key: 'validation.tooLong', params: { n: MAX[def.type]! } } : { ok: true, value: s };
    }
    case 'number': {
      const s = one(raw).replace(/[\s\u00a0\u202f]/g, '');
      if (!s) return empty;
      return NUMBER.test(s) ? { ok: true, value: Number(s.replace(',', '.')) } : { ok: false, key: 'custom.error.number' };
    }
    case 'money': {
      const m = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : { amount: raw }) as Record<string, unknown>;
      const amount = one(m.amount);
      if (!amount) return empty;
      const currency = (one(m.currency) || env.currency).toUpperCase();
      if (!Intl.supportedValuesOf('currency').includes(currency)) return { ok: false, key: 'validation.currency' };
      const minor = amount.length > 30 ? null : parseMoney(amount, currency);
      return minor === null ? { ok: false, key: 'validation.money' } : { ok: true, value: { amount: minor, currency } satisfies Money };
    }
    case 'date': {
      const s = one(raw);
      if (!s) return empty;
      const day = parseDay(s);
      return day ? { ok: true, value: day } : { ok: false, key: 'validation.date' };
    }
    case 'datetime': {
      const s = one(raw);
      if (!s) return empty;
      const ms = fromLocalInput(s, env.timeZone);
      return ms === null ? { ok: false, key: 'custom.error.datetime' } : { ok: true, value: ms };
    }
    case 'boolean':
      return many(raw).length ? { ok: true, value: true } : empty;
    case 'list': {
      const s = one(raw);
      if (!s) return empty;
      const option = def.options.find((o) => String(o.id) === s);
      return option ? { ok: true, value: option.id } : { ok: false, key: 'validation.invalid' };
    }
    case 'multi': {
      const ids = new Set(many(raw));
      if (ids.size === 0) return empty;
      const chosen = def.options.filter((o) => ids.has(String(o.id)));
      return chosen.length === ids.size ? { ok: true, value: chosen.map((o) => o.id) } : { ok: false, key: 'validation.invalid' };
    }
    case 'link': {
      const s = one(raw);
      if (!s) return empty;
      if (!ID.test(s)) return { ok: false, key: 'validation.invalid' };
      const id = Number(s);
      return id === stored || env.linkOk(def.target!, id) ? { ok: true, value: id } : { ok: false, key: 'validation.invalid' };
    }
  }
}

/**
 * The posted values of the given (active) definitions over the stored ones: values of fields not
 * given (deactivated ones) stay as they are. `posted` is keyed by code. Errors are keyed
 * "cf_<code>", as the form names the input.
 */
export function parseCustomValues(defs: CustomDef[], posted: Record<string, unknown>, stored: Record<string, unknown>, env: ParseEnv): { values: Record<string, unknown>; errors: FieldErrors } {
  const values: Record<string, unknown> = { ...stored };
  const errors: FieldErrors = {};
  for (const def of defs) {
    const parsed = parseValue(def, posted[def.code], stored[def.code], env);
    const name = `cf_${def.code}`;
    if (!parsed.ok) errors[name] = parsed.params ? { key: parsed.key, params: parsed.params } : { key: parsed.key };
    else if (parsed.value === undefined && def.required) errors[name] = { key: 'validation.required' };
    else if (parsed.value === undefined) delete values[def.code];
    else values[def.code] = parsed.value;
  }
  return { values, errors };
}

/** A stored value as the form posts it (the edit form and in-place editing start from these). */
export function formValue(def: CustomDef, value: unknown, timeZone: string): unknown {
  if (value === undefined || value === null) return undefined;
  switch (def.type) {
    case 'money': {
      const m = value as Money;
      return { amount: moneyInput(m.amount, m.currency), currency: m.currency };
    }
    case 'datetime':
      return toLocalInput(Number(value), timeZone);
    case 'boolean':
      return value ? '1' : undefined;
    case 'multi':
      return (value as number[]).map(String);
    default:
      return String(value);
  }
}

/** A stored value as a person reads it: in the record page, the list and the history. */
export function displayValue(def: CustomDef, value: unknown, fmt: Pick<Formatter, 'number' | 'money' | 'day' | 'dateTime'>, linkName: (target: LinkTarget, id: number) => string | null): string | null {
  if (value === undefined || value === null) return null;
  switch (def.type) {
    case 'number':
      return fmt.number(Number(value));
    case 'money': {
      const m = value as Money;
      return fmt.money(m.amount, m.currency);
    }
    case 'date':
      return fmt.day(String(value));
    case 'datetime':
      return fmt.dateTime(Number(value));
    case 'boolean':
      return value ? '✓' : null;
    case 'list':
      return def.options.find((o) => o.id === value)?.label ?? null;
    case 'multi':
      return def.options.filter((o) => (value as number[]).includes(o.id)).map((o) => o.label).join(', ') || null;
    case 'link':
      return linkName(def.target!, Number(value)) ?? `#${String(value)}`;
    default:
      return String(value);
  }
}
