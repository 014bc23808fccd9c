import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { isReportKey, type ReportKey } from '../reports/model.js';
import { isPeriod, type Period } from './period.js';

/**
 * The dashboard settings form. It carries the whole list as the user sees it (report[] and period[]
 * in order, so a changed period is kept whichever button was pressed) and the button pressed:
 * save, add (newReport over newPeriod), or up / down / remove with the row's index ("up.2").
 */
export interface Widget {
  report: ReportKey;
  period: Period;
}

export type Edit = { kind: 'save' } | { kind: 'add'; widget: Widget } | { kind: 'up' | 'down' | 'remove'; index: number };

export interface DashboardForm {
  widgets: Widget[];
  edit: Edit;
}

const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

const report = z.string().refine(isReportKey, 'validation.dashboard.report').transform((v) => v as ReportKey);
const period = z.string().refine(isPeriod, 'validation.dashboard.period').transform((v) => v as Period);

/** Up to 99 rows: more cannot be on the list (service.ts caps it well below). */
const action = z
  .string({ message: 'validation.invalid' })
  .regex(/^(save|add|(up|down|remove)\.\d{1,2})$/, 'validation.invalid')
  .transform((v): { kind: 'save' } | { kind: 'add' } | { kind: 'up' | 'down' | 'remove'; index: number } => {
    if (v === 'save' || v === 'add') return { kind: v };
    const [kind, index] = v.split('.') as ['up' | 'down' | 'remove', string];
    return { kind, index: Number(index) };
  });

export const dashboardForm = z
  .object({
    report: list.pipe(z.array(report).max(99, 'validation.invalid')),
    period: list.pipe(z.array(period).max(99, 'validation.invalid')),
    action,
    newReport: z.string().optional(),
    newPeriod: z.string().optional(),
  })
  .superRefine((f, check) => {
    if (f.report.length !== f.period.length) check.addIssue({ code: 'custom', path: ['_form'], message: 'validation.invalid' });
    if (f.action.kind === 'add') {
      if (!isReportKey(f.newReport)) check.addIssue({ code: 'custom', path: ['newReport'], message: 'validation.dashboard.report' });
      if (!isPeriod(f.newPeriod)) check.addIssue({ code: 'custom', path: ['newPeriod'], message: 'validation.dashboard.period' });
    }
  })
  .transform((f): DashboardForm => {
    const widgets = f.report.map((r, i) => ({ report: r, period: f.period[i]! }));
    const a = f.action;
    if (a.kind === 'add') return { widgets, edit: { kind: 'add', widget: { report: f.newReport as ReportKey, period: f.newPeriod as Period } } };
    return { widgets, edit: a.kind === 'save' ? a : { kind: a.kind, index: a.index } };
  });

/** The rows as the form sent them, unchecked, to show the form again with its error. */
export function sentRows(values: Record<string, unknown>): { report: unknown; period: unknown }[] {
  const items = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
  const sentPeriods = items(values.period);
  return items(values.report).map((report, i) => ({ report, period: sentPeriods[i] }));
}

/** A widget as its link names it (/dashboard/widget?report=won&period=month); anything else is refused. */
export function parseWidget(query: Record<string, unknown>): Widget {
  if (!isReportKey(query.report)) throw new AppError(422, 'validation.dashboard.report');
  if (!isPeriod(query.period)) throw new AppError(422, 'validation.dashboard.period');
  return { report: query.report, period: query.period };
}
