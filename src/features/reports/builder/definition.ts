import { z } from 'zod';
import type { Db } from '../../../db/connection.js';
import type { FieldErrors } from '../../../platform/errors.js';
import { translator, type Locale } from '../../../platform/i18n/index.js';
import { parseDay } from '../../../platform/dates.js';
import { catalogOf, columnOf, fieldOf, labelText, isBuilderEntity, isDate, isNumeric, type BuilderEntity, type EntityCatalog } from './fields.js';

/**
 * A builder report's definition: what it counts (an entity), how it groups (one or two fields, dates
 * by a bucket), which figures it shows (count, or sum/avg/min/max of a number or money field), which
 * records it takes (a period on a date field, a responsible, one field equal to a value) and its chart.
 * Stored as JSON; `checkDefinition` is the one gate for a posted form and a stored definition alike,
 * with errors named by the form's inputs. A definition with columns instead lists the records themselves
 * (list mode): no grouping, no figures and no chart, each record a row of the chosen fields, in the
 * order of one of them or newest first; its totals count the records and sum the number and money columns.
 */
export const buckets = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type Bucket = (typeof buckets)[number];
export const aggregates = ['count', 'sum', 'avg', 'min', 'max'] as const;
export type Aggregate = (typeof aggregates)[number];
export const ranges = ['all', 'month', 'lastMonth', 'quarter', 'year', 'custom'] as const;
export type Range = (typeof ranges)[number];
export const chartTypes = ['bar', 'line', 'pie'] as const;
export type BuilderChart = (typeof chartTypes)[number];
/** Rows in the groups' order (dates in time, names alphabetically) or by the first figure, largest first. */
export const orders = ['groups', 'figure'] as const;
export type Order = (typeof orders)[number];

export const MAX_GROUPS = 2;
export const MAX_MEASURES = 4;
export const MAX_COLUMNS = 8;
export const directions = ['asc', 'desc'] as const;
export type Direction = (typeof directions)[number];

export interface Grouping {
  field: string;
  bucket: Bucket | null;
}

export interface Measure {
  agg: Aggregate;
  field: string | null;
}

export interface Period {
  field: string;
  range: Range;
  /** custom: the first and last day, both included. */
  from: string | null;
  to: string | null;
}

export interface Definition {
  entity: BuilderEntity;
  groups: Grouping[];
  measures: Measure[];
  period: Period | null;
  responsible: number | null;
  equals: { field: string; value: string } | null;
  chart: BuilderChart;
  order: Order;
  /** List mode: the fields shown, one column each (none: a grouped report). */
  columns: string[];
  /** List mode: the rows by one of the columns; null: newest first. */
  sort: { field: string; dir: Direction } | null;
}

const text = z.string().trim().max(200).optional().default('');
const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/**
 * The form's inputs as a definition, not yet checked against the fields: g1/g2 (+ g1b/g2b buckets),
 * m1…m4 ("count" or "sum:amount"), pf/range/from/to, responsible, ef/ev, chart, order; c1…c8 (list
 * mode's columns), sort/dir. Empty inputs are left out.
 */
export function definitionFromForm(body: Record<string, unknown>): unknown {
  const s = (k: string) => {
    const r = text.safeParse(one(body[k]));
    return r.success ? r.data : '';
  };
  const groups = [1, 2].flatMap((i) => (s(`g${i}`) ? [{ field: s(`g${i}`), bucket: s(`g${i}b`) || null }] : []));
  const measures = Array.from({ length: MAX_MEASURES }, (_, i) => s(`m${i + 1}`))
    .filter(Boolean)
    .map((m) => {
      const [agg, field] = m.split(':');
      return { agg, field: field || null };
    });
  return {
    entity: s('entity'),
    groups,
    measures,
    period: s('pf') ? { field: s('pf'), range: s('range') || 'all', from: s('from') || null, to: s('to') || null } : null,
    responsible: /^[1-9]\d{0,15}$/.test(s('responsible')) ? Number(s('responsible')) : s('responsible') ? s('responsible') : null,
    equals: s('ef') ? { field: s('ef'), value: s('ev') } : null,
    chart: s('chart') || 'bar',
    order: s('order') || 'groups',
    columns: Array.from({ length: MAX_COLUMNS }, (_, i) => s(`c${i + 1}`)).filter(Boolean),
    sort: s('sort') ? { field: s('sort'), dir: s('dir') || 'asc' } : null,
  };
}

/** The definition as the form's inputs, to fill the form again. */
export function formValues(d: Definition): Record<string, string> {
  const v: Record<string, string> = { entity: d.entity, chart: d.chart, order: d.order };
  d.groups.forEach((g, i) => {
    v[`g${i + 1}`] = g.field;
    if (g.bucket) v[`g${i + 1}b`] = g.bucket;
  });
  d.measures.forEach((m, i) => (v[`m${i + 1}`] = m.field ? `${m.agg}:${m.field}` : m.agg));
  if (d.period) Object.assign(v, { pf: d.period.field, range: d.period.range, from: d.period.from ?? '', to: d.period.to ?? '' });
  if (d.responsible !== null) v.responsible = String(d.responsible);
  if (d.equals) Object.assign(v, { ef: d.equals.field, ev: d.equals.value });
  d.columns.forEach((c, i) => (v[`c${i + 1}`] = c));
  if (d.sort) Object.assign(v, { sort: d.sort.field, dir: d.sort.dir });
  return v;
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Checks a definition (from a form or from storage) against the entity's current fields. */
export function checkDefinition(db: Db, locale: Locale, input: unknown): { ok: true; definition: Definition; catalog: EntityCatalog } | { ok: false; errors: FieldErrors } {
  const raw: Raw = isObject(input) ? input : {};
  const errors: FieldErrors = {};
  if (!isBuilderEntity(raw.entity)) return { ok: false, errors: { entity: { key: 'builder.error.entity' } } };
  const catalog = catalogOf(db, raw.entity, locale);
  const unknown = (name: string, field: string) => (errors[name] = { key: 'builder.error.field', params: { field } });

  const rawGroups = Array.isArray(raw.groups) ? raw.groups.filter(isObject) : [];
  if (rawGroups.length > MAX_GROUPS) errors.g1 = { key: 'builder.error.groups', params: { n: MAX_GROUPS } };
  const groups: Grouping[] = [];
  rawGroups.slice(0, MAX_GROUPS).forEach((g, i) => {
    const name = `g${i + 1}`;
    const field = fieldOf(catalog, str(g.field));
    if (!field) return unknown(name, str(g.field));
    // Amounts in several currencies are not one value to group by.
    if (field.kind === 'money') return (errors[name] = { key: 'builder.error.moneyGroup' });
    let bucket: Bucket | null = null;
    if (isDate(field)) {
      bucket = (buckets as readonly string[]).includes(str(g.bucket)) ? (str(g.bucket) as Bucket) : null;
      if (!bucket) errors[`${name}b`] = { key: 'builder.error.bucket' };
    }
    if (groups.some((o) => o.field === field.key && o.bucket === bucket)) errors[name] = { key: 'builder.error.sameGroup' };
    groups.push({ field: field.key, bucket });
  });

  // Definitions saved before list mode have no columns: grouped reports.
  const rawColumns = Array.isArray(raw.columns) ? raw.columns.map(str) : [];
  if (rawColumns.length > MAX_COLUMNS) errors.c1 = { key: 'builder.error.columns', params: { n: MAX_COLUMNS } };
  const columns: string[] = [];
  rawColumns.slice(0, MAX_COLUMNS).forEach((key, i) => {
    const name = `c${i + 1}`;
    const field = columnOf(catalog, key);
    if (!field) return unknown(name, key);
    if (columns.includes(field.key)) return (errors[name] = { key: 'builder.error.sameColumn' });
    // The first column names the record (and links to it); the totals row says there how many there are.
    if (i === 0 && !['text', 'ref', 'boolean'].includes(field.kind)) return (errors[name] = { key: 'builder.error.firstColumn' });
    columns.push(field.key);
  });
  const listed = rawColumns.length > 0;
  if (listed && rawGroups.length) errors.g1 = { key: 'builder.error.columnsAndGroups' };

  let sort: Definition['sort'] = null;
  if (listed && isObject(raw.sort)) {
    const dir = str(raw.sort.dir);
    if (!rawColumns.includes(str(raw.sort.field))) errors.sort = { key: 'builder.error.sortColumn' };
    else if (!(directions as readonly string[]).includes(dir)) errors.dir = { key: 'validation.invalid' };
    else sort = { field: str(raw.sort.field), dir: dir as Direction };
  }

  // A list shows no figures: what the form posts for them is not used.
  const rawMeasures = listed ? [] : Array.isArray(raw.measures) ? raw.measures.filter(isObject) : [];
  if (!rawMeasures.length && !listed) errors.m1 = { key: 'builder.error.noMeasure' };
  if (rawMeasures.length > MAX_MEASURES) errors.m1 = { key: 'builder.error.measures', params: { n: MAX_MEASURES } };
  const measures: Measure[] = [];
  rawMeasures.slice(0, MAX_MEASURES).forEach((m, i) => {
    const name = `m${i + 1}`;
    const agg = str(m.agg);
    if (!(aggregates as readonly string[]).includes(agg)) return (errors[name] = { key: 'builder.error.aggregate', params: { agg } });
    if (agg === 'count') return measures.push({ agg: 'count', field: null });
    const field = fieldOf(catalog, str(m.field));
    if (!field) return unknown(name, str(m.field));
    if (!isNumeric(field)) return (errors[name] = { key: 'builder.error.notNumeric', params: { agg: translator(locale)(`builder.agg.${agg as Aggregate}`), field: labelText(field.label, translator(locale)) } });
    measures.push({ agg: agg as Aggregate, field: field.key });
  });

  let period: Period | null = null;
  if (isObject(raw.period)) {
    const field = fieldOf(catalog, str(raw.period.field));
    const range = str(raw.period.range);
    if (!field) unknown('pf', str(raw.period.field));
    else if (!isDate(field)) errors.pf = { key: 'builder.error.periodField' };
    if (!(ranges as readonly string[]).includes(range)) errors.range = { key: 'validation.invalid' };
    let from: string | null = null;
    let to: string | null = null;
    if (range === 'custom') {
      from = raw.period.from ? parseDay(str(raw.period.from)) : null;
      to = raw.period.to ? parseDay(str(raw.period.to)) : null;
      if (!from) errors.from = { key: 'validation.date' };
      if (!to) errors.to = { key: 'validation.date' };
      if (from && to && from > to) errors.to = { key: 'builder.error.periodOrder' };
    }
    if (field) period = { field: field.key, range: range as Range, from, to };
  }

  let responsible: number | null = null;
  if (raw.responsible !== null && raw.responsible !== undefined) {
    if (typeof raw.responsible === 'number' && Number.isSafeInteger(raw.responsible) && raw.responsible > 0) responsible = raw.responsible;
    else errors.responsible = { key: 'validation.invalid' };
  }

  let equals: Definition['equals'] = null;
  if (isObject(raw.equals)) {
    const field = fieldOf(catalog, str(raw.equals.field));
    const value = str(raw.equals.value).trim();
    if (!field) unknown('ef', str(raw.equals.field));
    else if (!value) errors.ev = { key: 'builder.error.equalsValue' };
    else if (field.equals(value) === null) errors.ev = { key: 'builder.error.equalsKind' };
    else equals = { field: field.key, value };
  }

  const chart = (chartTypes as readonly string[]).includes(str(raw.chart)) ? (str(raw.chart) as BuilderChart) : null;
  if (!chart) errors.chart = { key: 'validation.invalid' };
  // Definitions saved before there was a choice keep the groups' order.
  const order = raw.order === undefined ? 'groups' : (orders as readonly string[]).includes(str(raw.order)) ? (str(raw.order) as Order) : null;
  if (!order) errors.order = { key: 'validation.invalid' };

  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, definition: { entity: catalog.entity, groups, measures, period, responsible, equals, chart: chart!, order: order!, columns, sort }, catalog };
}

/** A stored definition: its JSON, or an empty object when the text cannot be read (checkDefinition then refuses it). */
export function readDefinition(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return {};
  }
}
