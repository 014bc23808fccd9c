import { and, asc, desc, eq, gt, gte, inArray, lt, lte, ne, notInArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { communications } from '../../db/schema/index.js';
import { ValidationError } from '../../platform/errors.js';
import { normalize } from '../../platform/records/communications.js';
import { filterKey, parseDate } from '../../integrations/bitrix24/protocol.js';

/**
 * crm.*.list: `filter`, `order` and `select` over one table (Bitrix24's operators =, !, >, >=, <, <=,
 * %, @, !@ on the fields each method supports). A filter on a field not supported is refused rather
 * than ignored: a script that looks a lead up by a field it would silently not filter on would get
 * every lead and act on the wrong one.
 */
export type Filterable =
  | { kind: 'number'; column: SQLiteColumn; read?: (v: unknown) => number | null }
  | { kind: 'text'; column: SQLiteColumn | SQL }
  | { kind: 'date'; column: SQLiteColumn }
  | { kind: 'yn'; column: SQLiteColumn }
  | { kind: 'comm'; entity: string; idColumn: SQLiteColumn; comm: 'phone' | 'email' };

const refuse = (field: string): never => {
  throw new ValidationError({ filter: { key: 'bitrix.error.filter', params: { field } } });
};

function one(spec: Filterable, op: string, raw: unknown, field: string): SQL | undefined {
  const values = Array.isArray(raw) ? raw : [raw];
  switch (spec.kind) {
    case 'number': {
      const nums = values.map((v) => (spec.read ? spec.read(v) : Number(v))).filter((n): n is number => n !== null && Number.isFinite(n));
      if (op === '@' || op === '!@' || Array.isArray(raw)) return op.startsWith('!') ? notInArray(spec.column, nums.length ? nums : [-1]) : inArray(spec.column, nums.length ? nums : [-1]);
      const n = nums[0] ?? -1;
      return ({ '=': eq, '!=': ne, '>': gt, '>=': gte, '<': lt, '<=': lte } as const)[op as '=']?.(spec.column, n) ?? refuse(field);
    }
    case 'text': {
      const v = String(values[0] ?? '');
      if (op === '%') return sql`${spec.column} LIKE ${`%${v.replace(/[%_\\]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`;
      if (op === '=' || op === '!=') return op === '=' ? sql`${spec.column} = ${v}` : sql`coalesce(${spec.column}, '') <> ${v}`;
      if (op === '@') return sql`${spec.column} IN (${sql.join(values.map((x) => sql`${String(x)}`), sql`, `)})`;
      return refuse(field);
    }
    case 'date': {
      const ms = parseDate(values[0]);
      if (ms === null) return refuse(field);
      return ({ '=': eq, '>': gt, '>=': gte, '<': lt, '<=': lte } as const)[op as '=']?.(spec.column, ms) ?? refuse(field);
    }
    case 'yn':
      return eq(spec.column, String(values[0]).toUpperCase() === 'Y');
    case 'comm': {
      if (op !== '=') return refuse(field);
      const wanted = values.map((v) => normalize(spec.comm, String(v)));
      return sql`${spec.idColumn} IN (SELECT ${communications.entityId} FROM ${communications} WHERE ${communications.entity} = ${spec.entity} AND ${communications.kind} = ${spec.comm} AND ${inArray(communications.normalized, wanted)})`;
    }
  }
}

export function filterOf(fields: Record<string, Filterable>, filter: unknown): SQL | undefined {
  if (!filter || typeof filter !== 'object') return undefined;
  const parts = Object.entries(filter as Record<string, unknown>).map(([key, value]) => {
    const parsed = filterKey(key);
    const spec = parsed ? fields[parsed.field] : undefined;
    if (!parsed || !spec) return refuse(key);
    return one(spec, parsed.op, value, key);
  });
  return parts.length ? and(...parts) : undefined;
}

/** `order`: { FIELD: "ASC" | "DESC" } over the sortable fields; the id breaks ties (and is the default). */
export function orderOf(sortable: Record<string, SQLiteColumn>, order: unknown, id: SQLiteColumn): SQL[] {
  const given = order && typeof order === 'object' ? Object.entries(order as Record<string, unknown>) : [];
  const out = given.flatMap(([field, dir]) => {
    const column = sortable[field.toUpperCase()];
    if (!column) refuse(`order.${field}`);
    return [String(dir).toUpperCase() === 'DESC' ? desc(column!) : asc(column!)];
  });
  return [...out, asc(id)];
}

/** `select`: the fields to answer with; "*" (and no select) is every plain field, "UF_*" every custom one. */
export function selected(select: unknown, answer: Record<string, unknown>): Record<string, unknown> {
  const list = Array.isArray(select) ? select.map((s) => String(s).toUpperCase()) : [];
  if (list.length === 0) list.push('*');
  const plain = (k: string) => !k.startsWith('UF_') && !['PHONE', 'EMAIL', 'WEB', 'IM'].includes(k);
  return Object.fromEntries(
    Object.entries(answer).filter(([k]) => list.includes(k) || k === 'ID' || (list.includes('*') && plain(k)) || (list.includes('UF_*') && k.startsWith('UF_'))),
  );
}
