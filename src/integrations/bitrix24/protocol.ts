/**
 * Bitrix24 REST shapes, without HTTP (docs/bitrix24-webhooks.md): PHP-style parameters, the response
 * envelope, multi-value fields (PHONE, EMAIL, WEB, IM), Y/N flags, dates and list filters.
 */

/**
 * PHP-style nested parameters from a query string, as PHP and Bitrix24 read them:
 * `fields[PHONE][0][VALUE]=1&select[]=ID` → { fields: { PHONE: [{ VALUE: '1' }] }, select: ['ID'] }.
 * Keys nest at most `depth` levels (deeper brackets stay part of the last key); a list is an array when
 * its keys are 0, 1, 2… in order, else an object. "__proto__" and the like are never keys.
 */
export function nestParams(entries: Iterable<[string, string]>, depth = 5): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [raw, value] of entries) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(raw);
    const path = m ? [m[1]!, ...[...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1]!)] : [raw];
    const keys = path.length > depth + 1 ? [...path.slice(0, depth), path.slice(depth).join('][')] : path;
    if (keys.some((k) => k === '__proto__' || k === 'constructor' || k === 'prototype')) continue;
    let node: Record<string, unknown> = root;
    keys.forEach((key, i) => {
      const name = key === '' ? String(Object.keys(node).length) : key;
      if (i === keys.length - 1) node[name] = value;
      else {
        const next = node[name];
        node = (node[name] = next && typeof next === 'object' ? next : {}) as Record<string, unknown>;
      }
    });
  }
  return arraysOf(root) as Record<string, unknown>;
}

function arraysOf(node: unknown): unknown {
  if (!node || typeof node !== 'object') return node;
  const obj = node as Record<string, unknown>;
  const keys = Object.keys(obj);
  const converted = Object.fromEntries(keys.map((k) => [k, arraysOf(obj[k])]));
  return keys.length > 0 && keys.every((k, i) => k === String(i)) ? keys.map((k) => converted[k]) : converted;
}

/** The `time` block of every answer: seconds as floats, and the dates on the company's clock. */
export function timeBlock(startedMs: number, finishedMs: number, timeZone: string) {
  const duration = (finishedMs - startedMs) / 1000;
  return {
    start: startedMs / 1000,
    finish: finishedMs / 1000,
    duration,
    processing: duration,
    date_start: isoWithOffset(startedMs, timeZone),
    date_finish: isoWithOffset(finishedMs, timeZone),
  };
}

/** "2024-01-20T18:35:32+03:00": an instant on a zone's clock, as Bitrix24 writes dates. */
export function isoWithOffset(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : String(parts.timeZoneName).replace('GMT', '');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** A date as Bitrix24 sends one (ISO with or without time and offset) → UTC ms; null when it is not one. */
export function parseDate(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ms) ? null : ms;
}

export const yn = (v: boolean): 'Y' | 'N' => (v ? 'Y' : 'N');
export const isYes = (v: unknown): boolean => v === true || v === 1 || (typeof v === 'string' && ['y', 'yes', '1', 'true'].includes(v.toLowerCase()));

export const multiFields = ['PHONE', 'EMAIL', 'WEB', 'IM'] as const;
export type MultiField = (typeof multiFields)[number];

export interface MultiValue {
  id: number | null;
  value: string;
  valueType: string;
  /** DELETE: "Y" on an update removes the value with that ID. */
  remove: boolean;
}

/**
 * A multi-value field as clients send it: a list of { VALUE, VALUE_TYPE[, ID, DELETE] }, the same keyed
 * "n0", "n1"… (PHP's http_build_query of an associative array), one such object, or a bare string.
 */
export function readMulti(raw: unknown): MultiValue[] {
  if (raw === undefined || raw === null || raw === '') return [];
  if (typeof raw === 'string' || typeof raw === 'number') return [{ id: null, value: String(raw).trim(), valueType: 'WORK', remove: false }];
  if (typeof raw !== 'object') return [];
  const obj = raw as Record<string, unknown>;
  const items = Array.isArray(raw) ? raw : 'VALUE' in obj ? [obj] : Object.values(obj);
  return items.flatMap((item): MultiValue[] => {
    if (typeof item === 'string') return item.trim() ? [{ id: null, value: item.trim(), valueType: 'WORK', remove: false }] : [];
    if (!item || typeof item !== 'object') return [];
    const v = item as Record<string, unknown>;
    const id = Number(v.ID);
    return [{ id: Number.isInteger(id) && id > 0 ? id : null, value: String(v.VALUE ?? '').trim(), valueType: String(v.VALUE_TYPE ?? 'WORK').toUpperCase(), remove: isYes(v.DELETE) }];
  });
}

/** A list filter's key: "%TITLE" → { op: "%", field: "TITLE" } (default "="). */
export function filterKey(key: string): { op: '=' | '!=' | '>' | '>=' | '<' | '<=' | '%' | '@' | '!@'; field: string } | null {
  const m = /^(>=|<=|!=|!@|=|>|<|%|@|!)?([A-Z][A-Z0-9_]*)$/i.exec(key);
  if (!m) return null;
  const op = m[1] === '!' ? '!=' : ((m[1] ?? '=') as '=');
  return { op, field: m[2]!.toUpperCase() };
}

/** Lists answer 50 records a page; `start` is the offset of the page, `next` the next one's. */
export const PAGE = 50;

export function startOf(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : 0;
}
