import type { AppContext } from '../../context.js';
import { mayEntity, scopeOf } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ValidationError } from '../../platform/errors.js';
import { toLocalInput } from '../../platform/format.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { draw, type Drawn } from '../reports/chart.js';
import { filterParams, type ReportFilter } from '../reports/form.js';
import { defaultAhead, isReportKey, type Cell, type Column, type Report } from '../reports/model.js';
import { assertMayReports, runReport, type Viewer } from '../reports/service.js';
import type { DashboardForm, Edit, Widget } from './form.js';
import { isPeriod, periodRange } from './period.js';
import * as q from './queries.js';

/**
 * The home page's dashboard: report widgets chosen per user, each a standard report over a period,
 * computed live within the user's rights by the reports' own runReport. Only users who may read
 * reports have one.
 */
export const MAX_WIDGETS = 12;

/** What a head or director sees before choosing: the pipeline, their people, what was won. */
export const DEFAULT_WIDGETS: readonly Widget[] = [
  { report: 'funnel', period: 'month' },
  { report: 'managers', period: 'month' },
  { report: 'won', period: 'month' },
];

export const hasDashboard = (user: CurrentUser): boolean => mayEntity(user, 'report', 'read');

export function assertHasDashboard(user: CurrentUser): void {
  assertMayReports(user);
}

/**
 * The user's widgets in order. `suggested`: they never chose, and see the default set because their
 * report scope is wider than their own figures; a manager who never chose has none.
 */
export function widgetsOf(ctx: AppContext, user: CurrentUser): { widgets: Widget[]; suggested: boolean } {
  assertMayReports(user);
  const stored = q.storedWidgets(ctx.db, user.id);
  // A report or period that a later version dropped is left out rather than failing the home page.
  if (stored) return { widgets: stored.filter((w): w is Widget => isReportKey(w.report) && isPeriod(w.period)), suggested: false };
  const wide = scopeOf(user, 'report', 'read') !== 'own';
  return { widgets: wide ? [...DEFAULT_WIDGETS] : [], suggested: wide };
}

const same = (a: Widget, b: Widget) => a.report === b.report && a.period === b.period;

/** The list after the button pressed; a move past either end changes nothing. */
function applied(widgets: Widget[], edit: Edit): Widget[] {
  const list = [...widgets];
  if (edit.kind === 'save') return list;
  if (edit.kind === 'add') {
    if (list.length >= MAX_WIDGETS) throw new ValidationError({ newReport: { key: 'validation.dashboard.tooMany', params: { n: MAX_WIDGETS } } });
    if (list.some((w) => same(w, edit.widget))) throw new ValidationError({ newReport: { key: 'validation.dashboard.duplicate' } });
    return [...list, edit.widget];
  }
  if (edit.index >= list.length) throw new ValidationError({ _form: { key: 'validation.invalid' } });
  if (edit.kind === 'remove') return list.filter((_, i) => i !== edit.index);
  const other = edit.kind === 'up' ? edit.index - 1 : edit.index + 1;
  if (other < 0 || other >= list.length) return list;
  [list[edit.index], list[other]] = [list[other]!, list[edit.index]!];
  return list;
}

/** Applies the form's button to the rows it carried and stores the result as the user's own choice. */
export function editWidgets(ctx: AppContext, user: CurrentUser, form: DashboardForm): Widget[] {
  assertMayReports(user);
  if (form.widgets.length > MAX_WIDGETS) throw new ValidationError({ _form: { key: 'validation.dashboard.tooMany', params: { n: MAX_WIDGETS } } });
  const twice = form.widgets.findIndex((w, i) => form.widgets.findIndex((x) => same(w, x)) !== i);
  if (twice >= 0) throw new ValidationError({ [`period.${twice}`]: { key: 'validation.dashboard.duplicate' } });
  const widgets = applied(form.widgets, form.edit);
  ctx.sqlite.transaction(() => q.replaceWidgets(ctx.db, user.id, widgets, ctx.clock.now()))();
  return widgets;
}

export interface WidgetView {
  widget: Widget;
  filter: ReportFilter;
  /** The report page for the same period (the same figures, in full). */
  href: string;
  report: Report;
  chart: Drawn | null;
  /** The totals row's figures with their column, for the widget's key numbers. */
  totals: { label: MessageKey; kind: Column['kind']; cell: Cell }[];
}

function widgetFilter(ctx: AppContext, widget: Widget, timeZone: string): ReportFilter {
  const today = toLocalInput(ctx.clock.now(), timeZone).slice(0, 10);
  const { from, to } = periodRange(widget.period, today, defaultAhead(widget.report));
  return { from, to, responsible: null, department: null, pipeline: null, type: null, company: null };
}

const reportHref = (widget: Widget, filter: ReportFilter) => `/reports/${widget.report}?${filterParams(filter)}`;

/**
 * The home page's dashboard without any figures, so the page does not wait for the reports: per
 * widget the fragment that loads its figures and the report page it stands for (the link without script).
 */
export function dashboardOf(ctx: AppContext, user: CurrentUser, timeZone: string) {
  const { widgets, suggested } = widgetsOf(ctx, user);
  return {
    suggested,
    widgets: widgets.map((widget) => {
      const filter = widgetFilter(ctx, widget, timeZone);
      return { widget, filter, src: `/dashboard/widget?${new URLSearchParams({ report: widget.report, period: widget.period })}`, href: reportHref(widget, filter) };
    }),
  };
}

/** One widget's figures: its report over its period, as the report page computes them (off the request's thread). */
export async function widgetView(ctx: AppContext, user: CurrentUser, widget: Widget, viewer: Viewer): Promise<WidgetView> {
  const filter = widgetFilter(ctx, widget, viewer.timeZone);
  const report = await runReport(ctx, user, widget.report, filter, viewer);
  // A list report counts its rows under its first (text) column: that count is a figure too.
  const totals = (report.totals ?? [])
    .map((cell, i) => {
      const column = report.columns[i]!;
      const counted = typeof cell.value === 'number' && column.kind === 'text';
      return { label: counted ? ('dashboard.count' as const) : column.label, kind: counted ? ('count' as const) : column.kind, cell };
    })
    .filter((x) => x.cell.value !== null && x.kind !== 'text' && x.kind !== 'date' && x.kind !== 'datetime');
  return { widget, filter, href: reportHref(widget, filter), report, chart: report.chart ? draw(report.chart) : null, totals };
}
