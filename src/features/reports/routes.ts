import { Router, type Request } from 'express';
import type { AppContext } from '../../context.js';
import { mayEntity } from '../../platform/access/index.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { NotFoundError } from '../../platform/errors.js';
import { referenceChoices, userChoices } from '../../platform/records/list/common.js';
import { shownRows } from '../../platform/records/builtin.js';
import { allDepartments } from '../departments/queries.js';
import { allPipelines } from '../pipelines/queries.js';
import { baseCurrency } from '../currencies/service.js';
import { companyTitles } from './env.js';
import { draw } from './chart.js';
import { toCsv, toXlsx } from './export.js';
import { filterParams, type ReportFilter } from './form.js';
import { filtersOf, isReportKey, reportKeys, type ReportKey } from './model.js';
import { activityList, assertMayReports, reportFilter, runReport } from './service.js';
import { reportPeople } from './scope.js';
import { listSaved } from './builder/service.js';
import { hasPreset } from './builder/presets.js';
import { attachmentHeader } from '../documents/pdf.js';

/**
 * Reports: the list of standard reports, each report's page (its table and chart alone for an htmx
 * request, as the filter form asks), its CSV and XLSX, and the activities behind the activity report.
 */
export function reportRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/reports', requireUser);
  const viewer = (req: Request) => ({ locale: req.locale, timeZone: req.timeZone });

  r.get('/reports', (req, res) => {
    const user = currentUser(req);
    assertMayReports(user);
    res.page('reports/index', { title: req.t('reports.title'), keys: reportKeys, saved: listSaved(ctx, user) });
  });

  r.get('/reports/activity/list', (req, res) => {
    const user = currentUser(req);
    const filter = reportFilter(ctx, user, 'activity', req.query, viewer(req));
    const type = typeof req.query.type === 'string' && ['call', 'meeting', 'email', 'task'].includes(req.query.type) ? req.query.type : null;
    res.page('reports/activities', { title: req.t('reports.activities.title'), items: activityList(ctx, user, filter, type, viewer(req)), filter, type, back: `/reports/activity?${filterParams(filter)}` });
  });

  const keyOf = (req: Request): ReportKey => {
    const key = req.params.key;
    if (!isReportKey(key)) throw new NotFoundError();
    return key;
  };

  /** The people a user may pick in the responsible filter: those whose figures they may see. */
  const whose = (user: ReturnType<typeof currentUser>) => {
    const people = reportPeople(ctx.db, user);
    return people === null ? userChoices(ctx.db) : userChoices(ctx.db).filter((u) => people.includes(u.id));
  };

  const choices = (req: Request, key: ReportKey, filter: ReportFilter) => {
    const user = currentUser(req);
    const uses = filtersOf(key);
    return {
      uses,
      users: whose(user),
      departments: allDepartments(ctx.db),
      pipelines: shownRows(req.locale, 'pipeline', allPipelines(ctx.db)),
      types: referenceChoices(ctx.db, 'dealType', req.locale),
      company: filter.company === null ? [] : [{ id: filter.company, title: companyTitles(ctx.db, [filter.company]).get(filter.company) ?? null }],
    };
  };

  r.get('/reports/:key', async (req, res) => {
    const user = currentUser(req);
    const key = keyOf(req);
    const filter = reportFilter(ctx, user, key, req.query, viewer(req));
    const report = await runReport(ctx, user, key, filter, viewer(req));
    const locals = {
      title: req.t(`reports.${key}.title`),
      key,
      filter,
      report,
      chart: report.chart ? draw(report.chart) : null,
      base: baseCurrency(ctx.db),
      query: filterParams(filter).toString(),
      mayExport: mayEntity(user, 'report', 'export'),
      copyable: hasPreset(key),
      ...choices(req, key, filter),
    };
    if (req.get('HX-Request') && req.get('HX-Target') === 'report') return res.fragment('reports/_report', locals);
    res.page('reports/show', locals);
  });

  r.get('/reports/:key/export.:format', async (req, res) => {
    const user = currentUser(req);
    const key = keyOf(req);
    const format = req.params.format;
    if (format !== 'csv' && format !== 'xlsx') throw new NotFoundError();
    assertMayReports(user, 'export');
    const filter = reportFilter(ctx, user, key, req.query, viewer(req));
    const report = await runReport(ctx, user, key, filter, viewer(req));
    const base = baseCurrency(ctx.db);
    const name = `${req.t(`reports.${key}.title`)} ${filter.from} ${filter.to}.${format}`;
    res.set('Content-Disposition', attachmentHeader(name)).set('Cache-Control', 'private, no-store');
    if (format === 'csv') return res.type('text/csv; charset=utf-8').send(toCsv(report, req.t, base, req.fmt));
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(report, req.t, base, req.fmt, req.t(`reports.${key}.title`)));
  });

  return r;
}
