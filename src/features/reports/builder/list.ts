import { sql, type SQL } from 'drizzle-orm';
import { formatter, minorDigits } from '../../../platform/format.js';
import { translator } from '../../../platform/i18n/index.js';
import { inBase, type Env } from '../env.js';
import type { Cell, CellKind, Column, Report } from '../model.js';
import type { Definition } from './definition.js';
import { columnOf, fieldOf, labelText, type BuilderField, type EntityCatalog, type FieldKind } from './fields.js';
import { listCount, listRows, listSums } from './queries.js';
import type { Viewer } from './run.js';

/**
 * A builder report in list mode: the records themselves (the same ones a grouped report would count),
 * one row each with the chosen fields, the first linking to the record. Money is converted into the
 * base currency row by row at the current rate, to the kopeck; the totals count every record and sum
 * the number and money columns over all of them (past the rows shown), each currency converted once.
 */
const ROWS = 2000;

const pages: Record<EntityCatalog['entity'], string> = { deal: '/deals', lead: '/leads', contact: '/contacts', company: '/companies', activity: '/activities' };

const cellKind = (kind: FieldKind): CellKind => (kind === 'number' ? 'count' : kind === 'money' ? 'money' : kind === 'date' ? 'date' : kind === 'datetime' ? 'datetime' : 'text');

const asKey = (v: unknown): number | string => (typeof v === 'bigint' ? Number(v) : (v as number | string));

/** What a list is ordered by: the chosen column (names by their order A–Z, money by its value in the base currency, the empty last) or newest first. */
function orderOf(env: Env, definition: Definition, catalog: EntityCatalog): SQL {
  const id = sql`${catalog.table}.id`;
  if (!definition.sort) return sql`${fieldOf(catalog, 'createdAt')!.value} DESC, ${id} DESC`;
  const f = columnOf(catalog, definition.sort.field)!;
  const dir = definition.sort.dir === 'desc' ? sql`DESC` : sql`ASC`;
  let by = f.value;
  if (f.kind === 'ref' && f.sortBy) by = f.sortBy();
  else if (f.kind === 'text') by = sql`casefold(${f.value})`;
  else if (f.kind === 'money') {
    // The value of one minor unit in base units, for ordering only; an amount without a rate sorts with the empty ones.
    const unit = (currency: string, rate: string) => Number(rate) / 10 ** minorDigits(currency);
    const cases = [...env.rates].map(([code, rate]) => sql` WHEN ${code} THEN ${unit(code, rate)}`);
    by = sql`(${f.value} * (CASE ${f.currency!} WHEN ${env.base} THEN ${unit(env.base, '1')}${sql.join(cases, sql``)} END))`;
  }
  return sql`(${by}) IS NULL, ${by} ${dir}, ${id} DESC`;
}

export function listDefinition(definition: Definition, catalog: EntityCatalog, viewer: Viewer, records: { env: Env; where: SQL }): Report {
  const { env, where } = records;
  const t = translator(viewer.locale);
  const fmt = formatter(viewer.locale, viewer.timeZone);
  const fields = definition.columns.map((key) => columnOf(catalog, key)!);

  const rows = listRows(env.db, { table: catalog.table, where, columns: fields.map((f) => ({ value: f.value, currency: f.currency ?? null })), order: orderOf(env, definition, catalog) }, ROWS + 1);
  const truncated = rows.length > ROWS;
  const shownRows = truncated ? rows.slice(0, ROWS) : rows;

  // The names behind the shown rows' ids, looked up once per column.
  const names = fields.map((f, i) => (f.names ? f.names([...new Set(shownRows.map((r) => r[`v${i}`]).filter((v) => v !== null && v !== undefined).map(asKey))]) : null));
  const valueOf = (f: BuilderField, i: number, r: Record<string, unknown>): string | number | null => {
    const v = r[`v${i}`];
    if (f.shown) return f.shown(v) || null;
    if (v === null || v === undefined || v === '') return null;
    if (names[i]) return names[i]!.get(asKey(v)) ?? `#${String(v)}`;
    if (f.kind === 'boolean') return t(Number(v) ? 'builder.yes' : 'builder.no');
    if (f.kind === 'money') {
      const converted = inBase(env, [{ currency: String(r[`c${i}`] ?? ''), sum: Number(v) }]);
      return converted.unconverted ? null : converted.sum;
    }
    if (f.kind === 'number' || f.kind === 'datetime') return Number(v);
    return String(v);
  };
  const page = pages[catalog.entity];
  const lines = shownRows.map((r): Cell[] =>
    fields.map((f, i) => {
      const value = valueOf(f, i, r);
      // The first column names the record and links to it, even when the field is empty.
      return i === 0 ? { value: value ?? t('builder.empty'), href: `${page}/${Number(r.id)}` } : { value };
    }),
  );

  let unconverted = 0;
  const sums = fields.map((f): Cell => {
    if (f.kind === 'number') {
      const total = listSums(env.db, catalog.table, where, f.value, null).reduce((a, p) => a + p.sum, 0);
      return { value: Math.round(total * 1e6) / 1e6 };
    }
    if (f.kind !== 'money') return { value: null };
    const money = inBase(env, listSums(env.db, catalog.table, where, f.value, f.currency!));
    unconverted = Math.max(unconverted, money.unconverted);
    return { value: money.sum };
  });
  const count = listCount(env.db, catalog.table, where);
  const columns = fields.map((f): Column => ({ label: 'builder.column.field', text: labelText(f.label, t), kind: cellKind(f.kind) }));
  return {
    key: 'builder',
    columns,
    rows: lines,
    totals: [{ value: t('builder.listTotal', { n: fmt.number(count) }) }, ...sums.slice(1)],
    chart: null,
    unconverted,
    truncated,
  };
}
