import type { MessageKey } from '../../platform/i18n/index.js';

/**
 * What a report is once computed: columns, rows of cells, a totals row and a chart, every figure
 * already final (money in the base currency's minor units). The page, the CSV and the XLSX all print
 * this one value, so they cannot disagree.
 */
export type CellKind = 'text' | 'count' | 'money' | 'permille' | 'days' | 'date' | 'datetime';

export interface Cell {
  /** text: the words; count: a number; money: base-currency minor units; permille: tenths of a percent;
   *  days: tenths of a day; date: YYYY-MM-DD; datetime: ms. Null: nothing to show. */
  value: string | number | null;
  /** Drill-down: the list of the records behind the figure. */
  href?: string;
}

export interface Column {
  label: MessageKey;
  /** Words shown instead of the label's translation: a builder report's column (a custom field's own name). */
  text?: string;
  kind: CellKind;
}

export type ChartType = 'bar' | 'line' | 'pie' | 'funnel';

export interface ChartPoint {
  label: string;
  value: number;
  href?: string;
}

export interface ChartSpec {
  type: ChartType;
  /** What the values are: money (minor units) or counts. */
  money: boolean;
  label: MessageKey;
  /** As Column.text. */
  text?: string;
  points: ChartPoint[];
}

export interface Report {
  /** 'builder': a report made in the report builder. */
  key: ReportKey | 'builder';
  columns: Column[];
  rows: Cell[][];
  totals: Cell[] | null;
  chart: ChartSpec | null;
  /** Deals in currencies without a rate: left out of the money figures, and said so. */
  unconverted: number;
  /** Only the first rows are shown (the totals still count all). */
  truncated: boolean;
  /** The rows that are subtotals (a builder report with two groupings), shown as such. */
  subtotals?: number[];
}

export const reportKeys = [
  'managers',
  'contacts',
  'company-revenue',
  'companies',
  'won',
  'overdue',
  'expected',
  'open-stages',
  'products',
  'funnel',
  'lead-funnel',
  'activity',
] as const;
export type ReportKey = (typeof reportKeys)[number];

export const isReportKey = (v: unknown): v is ReportKey => typeof v === 'string' && (reportKeys as readonly string[]).includes(v);

/** Which filters a report uses (the lead and activity reports are not about deals). */
export function filtersOf(key: ReportKey): readonly ('responsible' | 'department' | 'pipeline' | 'type' | 'company')[] {
  if (key === 'lead-funnel' || key === 'activity') return ['responsible', 'department'];
  return ['responsible', 'department', 'pipeline', 'type', 'company'];
}

/** Where a report's period lies by default: the month so far, or (expected sales) the next 30 days. */
export const defaultAhead = (key: ReportKey): boolean => key === 'expected';

export const text = (value: string | null, href?: string): Cell => (href ? { value, href } : { value });
export const figure = (value: number, href?: string): Cell => (href && value !== 0 ? { value, href } : { value });

/** a / b in tenths of a percent, rounded half up; null when b is 0. */
export function permille(a: number, b: number): number | null {
  if (b === 0) return null;
  return Math.floor((a * 2000 + b) / (2 * b));
}
