import { and, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/connection.js';
import type { CurrentUser } from '../../../platform/auth/sessions.js';
import { dayStart, formatter } from '../../../platform/format.js';
import { translator, type Locale, type MessageKey } from '../../../platform/i18n/index.js';
import { convertMinor, divRound } from '../../../platform/money.js';
import { envOf, inBase, type Env } from '../env.js';
import type { ReportFilter } from '../form.js';
import type { Cell, Column, Report } from '../model.js';
import { activityScope, recordWhere } from '../scope.js';
import { bucketOf, localDay } from './buckets.js';
import { checkDefinition, type Definition, type Measure, type Period } from './definition.js';
import type { BuilderJob } from '../compute.js';
import { ValidationError } from '../../../platform/errors.js';
import { drillOf } from './drill.js';
import { fieldOf, labelText, type BuilderField, type EntityCatalog } from './fields.js';
import { groupRows, type GroupRow } from './queries.js';
import { listDefinition } from './list.js';

/**
 * A builder report computed for its viewer: the records are those the VIEWER may count (scope.ts, the
 * same rules as the standard reports), whoever made the report. One aggregate query returns, per
 * group and per currency of each money field, the count and the sum, least and greatest of each
 * figure's field; every coarser figure (the totals, the chart by the first grouping) is combined from
 * those, money per currency converted once at the current rate and rounded to the kopeck (env.ts inBase).
 */
export interface Viewer {
  locale: Locale;
  timeZone: string;
  now: number;
  today: string;
}

const ROWS = 2000;

const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const lastOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
const pad = (n: number) => String(n).padStart(2, '0');

/** The days a period covers (both included), from the viewer's today; null: all time. */
export function periodDays(period: Period, today: string): { from: string; to: string } | null {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  switch (period.range) {
    case 'all':
      return null;
    case 'month':
      return { from: `${y}-${pad(m)}-01`, to: lastOfMonth(y, m) };
    case 'lastMonth': {
      const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
      return { from: `${py}-${pad(pm)}-01`, to: lastOfMonth(py, pm) };
    }
    case 'quarter': {
      const first = Math.floor((m - 1) / 3) * 3 + 1;
      return { from: `${y}-${pad(first)}-01`, to: lastOfMonth(y, first + 2) };
    }
    case 'year':
      return { from: `${y}-01-01`, to: `${y}-12-31` };
    case 'custom':
      return { from: period.from!, to: period.to! };
  }
}

/** What one figure of a group is, from its rows (one per currency combination). */
function figureOf(env: Env, m: Measure, field: BuilderField | undefined, index: number, rows: GroupRow[]): { value: number | null; unconverted: number } {
  if (m.agg === 'count') return { value: rows.reduce((a, r) => a + Number(r.n), 0), unconverted: 0 };
  const n = (r: GroupRow) => Number(r[`n${index}`] ?? 0);
  const held = rows.filter((r) => n(r) > 0);
  if (field!.kind === 'money') {
    const parts = held.map((r) => ({ currency: String(r[`c${index}`] ?? ''), sum: Number(r[`s${index}`]), count: n(r) }));
    // The currencies with a rate: the ones every money figure is made of.
    const rated = parts.filter((p) => p.currency === env.base || env.rates.has(p.currency));
    const unconverted = parts.length - rated.length ? parts.filter((p) => !rated.includes(p)).reduce((a, p) => a + p.count, 0) : 0;
    if (!rated.length) return { value: null, unconverted };
    if (m.agg === 'sum' || m.agg === 'avg') {
      const sum = inBase(env, rated).sum;
      const count = rated.reduce((a, p) => a + p.count, 0);
      return { value: m.agg === 'sum' ? sum : Number(divRound(BigInt(sum), BigInt(count))), unconverted };
    }
    const edge = held
      .filter((r) => rated.some((p) => p.currency === String(r[`c${index}`] ?? '')))
      .map((r) => {
        const currency = String(r[`c${index}`]);
        const amount = Number(r[m.agg === 'min' ? `lo${index}` : `hi${index}`]);
        return convertMinor(amount, { currency, rate: currency === env.base ? '1' : env.rates.get(currency)! }, { currency: env.base, rate: '1' });
      });
    return { value: m.agg === 'min' ? Math.min(...edge) : Math.max(...edge), unconverted };
  }
  if (!held.length) return { value: null, unconverted: 0 };
  const count = held.reduce((a, r) => a + n(r), 0);
  const sum = held.reduce((a, r) => a + Number(r[`s${index}`]), 0);
  const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  if (m.agg === 'sum') return { value: round(sum, 6), unconverted: 0 };
  if (m.agg === 'avg') return { value: round(sum / count, 2), unconverted: 0 };
  const edges = held.map((r) => Number(r[m.agg === 'min' ? `lo${index}` : `hi${index}`]));
  return { value: m.agg === 'min' ? Math.min(...edges) : Math.max(...edges), unconverted: 0 };
}

/** The records a definition takes for this viewer: within the viewer's scope, its period, its responsible and its equality filter. */
export function recordsOf(db: Db, user: CurrentUser, definition: Definition, catalog: EntityCatalog, viewer: Viewer): { env: Env; where: SQL; days: { from: string; to: string } | null } {
  const field = (key: string) => fieldOf(catalog, key)!;
  const days = definition.period ? periodDays(definition.period, viewer.today) : null;
  const filter: ReportFilter = { from: days?.from ?? viewer.today, to: days?.to ?? viewer.today, responsible: definition.responsible, department: null, pipeline: null, type: null, company: null };
  const env = envOf(db, user, filter, viewer);

  const e = catalog.entity;
  const conditions: SQL[] = [e === 'deal' ? env.deals : e === 'activity' ? activityScope(db, user, env.cut) : recordWhere(db, user, e, { ...catalog, deletedAt: catalog.deletedAt! }, env.cut)];
  if (definition.period && days) {
    const f = field(definition.period.field);
    conditions.push(
      f.kind === 'datetime'
        ? sql`${f.value} >= ${dayStart(days.from, viewer.timeZone)} AND ${f.value} < ${dayStart(plusDays(days.to, 1), viewer.timeZone)}`
        : sql`${f.value} >= ${days.from} AND ${f.value} <= ${days.to}`,
    );
  }
  if (definition.equals) conditions.push(field(definition.equals.field).equals(definition.equals.value)!);
  return { env, where: and(...conditions)!, days };
}

export function runDefinition(db: Db, user: CurrentUser, definition: Definition, catalog: EntityCatalog, viewer: Viewer): Report {
  if (definition.columns.length) return listDefinition(definition, catalog, viewer, recordsOf(db, user, definition, catalog, viewer));
  const t = translator(viewer.locale);
  const fmt = formatter(viewer.locale, viewer.timeZone);
  const field = (key: string) => fieldOf(catalog, key)!;
  const { env, where, days } = recordsOf(db, user, definition, catalog, viewer);

  const keys = definition.groups.map((g) => {
    const f = field(g.field);
    if (!g.bucket) return f.value;
    return bucketOf(f.kind === 'datetime' ? localDay(f.value, viewer.timeZone) : f.value, g.bucket);
  });
  const figures = definition.measures.map((m) => (m.field ? field(m.field) : null));
  const query = { table: catalog.table, where, figures: figures.map((f) => (f ? { value: f.value, currency: f.currency ?? null } : null)) };
  const rows = groupRows(db, { ...query, keys }, ROWS + 1);
  const all = groupRows(db, { ...query, keys: [] }, null);

  const figuresOf = (parts: GroupRow[]) => definition.measures.map((m, i) => figureOf(env, m, figures[i] ?? undefined, i, parts));
  const keyOf = (r: GroupRow, upto: number) => JSON.stringify(keys.slice(0, upto).map((_, i) => r[`k${i}`] ?? null));

  // The names behind the groups' ids, looked up once.
  const names = definition.groups.map((g, i) => {
    const f = field(g.field);
    return f.names && !g.bucket ? f.names([...new Set(rows.map((r) => r[`k${i}`]).filter((v): v is number | string => v !== null && v !== undefined))]) : null;
  });
  const shown = (i: number, v: unknown): string => {
    const g = definition.groups[i]!;
    if (v === null || v === undefined || v === '') return t('builder.empty');
    const s = String(v);
    if (g.bucket === 'day') return fmt.day(s);
    if (g.bucket === 'week') return t('builder.weekOf', { day: fmt.day(s) });
    if (g.bucket === 'month') return fmt.month(`${s}-01`);
    if (g.bucket === 'quarter') return t('builder.quarterOf', { q: s.slice(-1), year: s.slice(0, 4) });
    if (g.bucket === 'year') return s;
    const f = field(g.field);
    if (names[i]) return names[i]!.get(typeof v === 'bigint' ? Number(v) : (v as number | string)) ?? `#${s}`;
    if (f.kind === 'boolean') return t(Number(v) ? 'builder.yes' : 'builder.no');
    if (f.kind === 'number') return fmt.number(Number(v));
    return s;
  };
  // Dates and numbers in their order; names and words alphabetically; the empty group last.
  const order = (i: number, v: unknown): [number, number | string] => {
    if (v === null || v === undefined || v === '') return [1, ''];
    const g = definition.groups[i]!;
    if (g.bucket) return [0, String(v)];
    if (field(g.field).kind === 'number') return [0, Number(v)];
    return [0, shown(i, v)];
  };
  const compare = (a: unknown[], b: unknown[]) => {
    for (let i = 0; i < a.length; i++) {
      const [x, y] = [order(i, a[i]), order(i, b[i])];
      if (x[0] !== y[0]) return x[0] - y[0];
      const by = typeof x[1] === 'string' && typeof y[1] === 'string' ? x[1].localeCompare(y[1], viewer.locale) : Number(x[1]) - Number(y[1]);
      if (by) return by;
    }
    return 0;
  };

  // Past the limit the last group may be cut between its currencies' rows: it is left out whole.
  const truncated = rows.length > ROWS;
  const kept = truncated ? rows.slice(0, ROWS).filter((r) => keyOf(r, keys.length) !== keyOf(rows[ROWS]!, keys.length)) : rows;
  const byGroup = new Map<string, GroupRow[]>();
  for (const r of kept) byGroup.set(keyOf(r, keys.length), [...(byGroup.get(keyOf(r, keys.length)) ?? []), r]);
  interface Group {
    key: unknown[];
    parts: GroupRow[];
    first: number | null;
  }
  const groupOf = (key: unknown[], parts: GroupRow[]): Group => ({ key, parts, first: figuresOf(parts)[0]!.value });
  // By the first figure: largest first, a group without one last, ties in the groups' order.
  const byFigure = (a: Group, b: Group) => (a.first === null ? (b.first === null ? 0 : 1) : b.first === null ? -1 : b.first - a.first);
  const sorted = <G extends Group>(list: G[]) => list.sort((a, b) => (definition.order === 'figure' ? byFigure(a, b) : 0) || compare(a.key, b.key));
  const groups = sorted([...byGroup.values()].map((parts) => groupOf(keys.map((_, i) => parts[0]![`k${i}`] ?? null), parts)));
  // With two groupings, the first one's groups (in their own order), each with its rows and its subtotal.
  const tops = new Map<string, { parts: GroupRow[]; within: Group[] }>();
  for (const g of groups) {
    const top = tops.get(keyOf(g.parts[0]!, 1)) ?? { parts: [], within: [] };
    top.parts.push(...g.parts);
    top.within.push(g);
    tops.set(keyOf(g.parts[0]!, 1), top);
  }
  const firstLevel = sorted([...tops.values()].map((top) => ({ ...groupOf([top.parts[0]!.k0 ?? null], top.parts), within: top.within })));

  const kindOf = (i: number) => (definition.measures[i]!.agg !== 'count' && figures[i]!.kind === 'money' ? 'money' : 'count');
  const measureText = (m: Measure, i: number) => (m.agg === 'count' ? t('builder.agg.count') : t('builder.measure', { agg: t(`builder.agg.${m.agg}`), field: labelText(figures[i]!.label, t) }));
  const bucketText = (i: number) => {
    const g = definition.groups[i]!;
    const label = labelText(field(g.field).label, t);
    return g.bucket ? `${label} (${t(`builder.bucket.${g.bucket}`)})` : label;
  };
  const columns: Column[] = [
    ...definition.groups.map((_, i): Column => ({ label: 'builder.column.group', text: bucketText(i), kind: 'text' })),
    ...definition.measures.map((m, i): Column => ({ label: `builder.agg.${m.agg}` as MessageKey, text: measureText(m, i), kind: kindOf(i) })),
  ];
  const drill = drillOf(catalog, definition, env.cut, days);
  // Counts link to the records behind them; a count of nothing links nowhere.
  const cells = (values: ReturnType<typeof figuresOf>, keys: unknown[] | null): Cell[] =>
    values.map((f, i) => {
      const href = definition.measures[i]!.agg === 'count' && f.value ? drill.href(keys) : undefined;
      return href ? { value: f.value, href } : { value: f.value };
    });
  const totalFigures = figuresOf(all);
  const totalCells = cells(totalFigures, null);
  const unconverted = Math.max(0, ...totalFigures.map((f) => f.unconverted));

  let chart: Report['chart'] = null;
  if (keys.length) {
    // By the first grouping: with two, each first-level group's figure combined from its rows.
    const points = firstLevel.slice(0, definition.chart === 'pie' ? 10 : 40).map((g) => {
      const value = Number(g.first ?? 0);
      const href = definition.measures[0]!.agg === 'count' && value ? drill.href(g.key) : undefined;
      return { label: shown(0, g.key[0]), value, ...(href ? { href } : {}) };
    });
    chart = { type: definition.chart, money: kindOf(0) === 'money', label: columns[keys.length]!.label, text: columns[keys.length]!.text!, points };
  }

  const subtotalRows = new Set<Cell[]>();
  const line = (g: Group): Cell[] => [...g.key.map((v, i): Cell => ({ value: shown(i, v) })), ...cells(figuresOf(g.parts), g.key)];
  const lines =
    keys.length < 2
      ? groups.map(line)
      : firstLevel.flatMap((top) => {
          // A subtotal only where it adds something: under a first-level group of several rows.
          const subtotal: Cell[] = [{ value: shown(0, top.key[0]) }, { value: t('builder.subtotal') }, ...cells(figuresOf(top.parts), top.key)];
          subtotalRows.add(subtotal);
          return top.within.length > 1 ? [...top.within.map(line), subtotal] : top.within.map(line);
        });

  return {
    key: 'builder',
    columns,
    rows: keys.length ? lines : [totalCells],
    subtotals: lines.flatMap((l, i) => (subtotalRows.has(l) ? [i] : [])),
    totals: keys.length ? [...keys.map((): Cell => ({ value: null })), ...totalCells] : null,
    chart,
    unconverted,
    truncated,
  };
}

/** A builder job (compute.ts): the definition checked against the fields as `db` reads them, then computed. */
export function computeBuilder(db: Db, job: BuilderJob): Report {
  const check = checkDefinition(db, job.locale, job.definition);
  if (!check.ok) throw new ValidationError(check.errors);
  return runDefinition(db, job.user, check.definition, check.catalog, { locale: job.locale, timeZone: job.timeZone, now: job.now, today: job.today });
}
