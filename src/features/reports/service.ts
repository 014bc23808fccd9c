import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { mayEntity } from '../../platform/access/index.js';
import { ForbiddenError } from '../../platform/errors.js';
import { toLocalInput } from '../../platform/format.js';
import type { Locale } from '../../platform/i18n/index.js';
import { envOf, userNames } from './env.js';
import { filterParams, hasFilter, parseFilter, type ReportFilter } from './form.js';
import { defaultAhead, type Report, type ReportKey } from './model.js';
import * as q from './queries.js';
import { reportRunner } from './runner.js';
import { activityWhere } from './scope.js';
import { and, eq, inArray, type SQL } from 'drizzle-orm';
import { activities } from '../../db/schema/index.js';

/**
 * The standard reports: live (computed on each request from the records), within the user's 'report'
 * rights and the records' read rights (scope.ts), each from one or two aggregate queries (compute.ts),
 * off the request's thread (runner.ts).
 */
export interface Viewer {
  locale: Locale;
  timeZone: string;
}

export function assertMayReports(user: CurrentUser, action: 'read' | 'export' = 'read'): void {
  if (!mayEntity(user, 'report', action)) throw new ForbiddenError();
}

function today(ctx: AppContext, timeZone: string): string {
  return toLocalInput(ctx.clock.now(), timeZone).slice(0, 10);
}

const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The filter a report opens with: the one in the link, remembered for the user as their latest for
 * this report; without one in the link, the remembered one; else the report's default period.
 */
export function reportFilter(ctx: AppContext, user: CurrentUser, key: ReportKey, query: Record<string, unknown>, viewer: Viewer): ReportFilter {
  const now = today(ctx, viewer.timeZone);
  const remembered = hasFilter(query) ? null : q.rememberedFilter(ctx.db, user.id, key);
  const source = remembered ? Object.fromEntries(new URLSearchParams(remembered)) : query;
  const filter = parseFilter(source, now);
  if (!hasFilter(source) && defaultAhead(key)) return { ...filter, from: now, to: plusDays(now, 30) };
  if (hasFilter(query)) q.rememberFilter(ctx.db, user.id, key, filterParams(filter).toString());
  return filter;
}

export function runReport(ctx: AppContext, user: CurrentUser, key: ReportKey, filter: ReportFilter, viewer: Viewer): Promise<Report> {
  assertMayReports(user);
  return reportRunner(ctx).run({ key, user, filter, ...viewer, now: ctx.clock.now(), today: today(ctx, viewer.timeZone) });
}

/** The activities behind a figure of the manager activity report (the first 200, newest first). */
export function activityList(ctx: AppContext, user: CurrentUser, filter: ReportFilter, type: string | null, viewer: Viewer) {
  assertMayReports(user);
  const env = envOf(ctx.db, user, filter, { ...viewer, now: ctx.clock.now(), today: today(ctx, viewer.timeZone) });
  const where: SQL = and(activityWhere(ctx.db, user, env.cut), type ? eq(activities.type, type) : inArray(activities.type, ['call', 'meeting', 'email', 'task']))!;
  const names = userNames(env);
  return q.activityLines(ctx.db, where, 200).map((a) => ({ ...a, responsible: names.get(a.responsibleId) ?? '' }));
}
