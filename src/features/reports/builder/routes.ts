import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../../context.js';
import { mayEntity } from '../../../platform/access/index.js';
import type { CurrentUser } from '../../../platform/auth/sessions.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../../../platform/errors.js';
import { currentUser, requireUser } from '../../../platform/http/guards.js';
import { idParam } from '../../../platform/http/params.js';
import { toLocalInput } from '../../../platform/format.js';
import { userChoices } from '../../../platform/records/list/common.js';
import { baseCurrency } from '../../currencies/service.js';
import { attachmentHeader } from '../../documents/pdf.js';
import { draw } from '../chart.js';
import { toCsv, toXlsx } from '../export.js';
import { isReportKey, type Report } from '../model.js';
import { reportPeople } from '../scope.js';
import { assertMayReports } from '../service.js';
import { aggregates, buckets, chartTypes, directions, formValues, MAX_COLUMNS, MAX_MEASURES, orders, ranges, readDefinition, type Definition } from './definition.js';
import { builderEntities, catalogOf, isBuilderEntity, isDate, isNumeric, labelText, type BuilderEntity, type EntityCatalog } from './fields.js';
import { presetOf } from './presets.js';
import { periodDays } from './run.js';
import { roleList } from './queries.js';
import { compute, createSaved, deleteSaved, editableSaved, openSaved, updateSaved, type SavedReport } from './service.js';
import { builderForm, viewedPeriod } from './form.js';

/** A stored definition as written (it was checked when saved), or null when it cannot be read as one. */
function storedAsIs(json: string): Definition | null {
  const raw = readDefinition(json) as Partial<Definition>;
  // Definitions saved before list mode have no columns.
  return Array.isArray(raw.groups) && Array.isArray(raw.measures) ? ({ columns: [], sort: null, ...raw } as Definition) : null;
}

/**
 * The report builder: the form (new, from a standard report, or a saved one to edit) with its preview
 * (the result alone for an htmx request), saving, a saved report's page, its CSV and XLSX, removal.
 * Registered before the standard reports' routes, whose /reports/:key would take these paths.
 */
export function builderRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/reports/builder', requireUser);
  r.use('/reports/saved', requireUser);
  const viewer = (req: Request) => ({ locale: req.locale, timeZone: req.timeZone });

  const result = (req: Request, report: Report) => ({ report, chart: report.chart ? draw(report.chart) : null, base: baseCurrency(ctx.db) });

  const whose = (user: CurrentUser) => {
    const people = reportPeople(ctx.db, user);
    return people === null ? userChoices(ctx.db) : userChoices(ctx.db).filter((u) => people.includes(u.id));
  };

  interface FormState {
    entity: BuilderEntity;
    values: Record<string, unknown>;
    errors: FieldErrors;
    saved: SavedReport | null;
    preview: Report | null;
  }

  const showForm = (req: Request, res: Response, s: FormState) => {
    const user = currentUser(req);
    const t = req.t;
    const catalog = catalogOf(ctx.db, s.entity, req.locale);
    const fields = catalog.fields.map((f) => ({ key: f.key, label: labelText(f.label, t), kind: f.kind, date: isDate(f), numeric: isNumeric(f) }));
    const columns = [...fields, ...catalog.listOnly.map((f) => ({ key: f.key, label: labelText(f.label, t), kind: f.kind }))];
    const locals = {
      title: s.saved ? s.saved.row.name : t('builder.new'),
      entities: builderEntities,
      entity: s.entity,
      fields,
      measures: [
        { value: 'count', label: t('builder.agg.count') },
        ...fields.filter((f) => f.numeric).flatMap((f) => aggregates.filter((a) => a !== 'count').map((a) => ({ value: `${a}:${f.key}`, label: t('builder.measure', { agg: t(`builder.agg.${a}`), field: f.label }) }))),
      ],
      maxMeasures: MAX_MEASURES,
      columns,
      maxColumns: MAX_COLUMNS,
      directions,
      buckets,
      ranges,
      chartTypes,
      orders,
      users: whose(user),
      roles: roleList(ctx.db),
      values: s.values,
      errors: s.errors,
      saved: s.saved,
      action: s.saved ? `/reports/saved/${s.saved.row.id}` : '/reports/builder',
      ...(s.preview ? result(req, s.preview) : { report: null, chart: null }),
    };
    res.page('reports/builder/form', locals);
  };

  const entityOf = (v: unknown): BuilderEntity => (isBuilderEntity(v) ? v : 'deal');

  r.get('/reports/builder/new', (req, res) => {
    const user = currentUser(req);
    assertMayReports(user);
    const from = req.query.from;
    const preset = isReportKey(from) ? presetOf(from) : null;
    if (preset) return showForm(req, res, { entity: preset.entity, values: { ...formValues(preset), name: req.t('builder.copyName', { name: req.t(`reports.${from as 'managers'}.title`) }) }, errors: {}, saved: null, preview: null });
    const entity = entityOf(req.query.entity);
    showForm(req, res, { entity, values: { entity, m1: 'count', chart: 'bar' }, errors: {}, saved: null, preview: null });
  });

  /** The preview: the form again with the result, or for htmx the result alone. */
  r.post('/reports/builder/preview', async (req, res) => {
    const user = currentUser(req);
    const form = builderForm(req.body);
    const saved = form.id ? editableSaved(ctx, user, form.id, viewer(req)) : null;
    let preview: Report | null = null;
    let errors: FieldErrors = {};
    try {
      preview = await compute(ctx, user, form.definition, viewer(req));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      errors = err.fields;
    }
    if (req.get('HX-Request')) {
      res.status(preview ? 200 : 422);
      return res.fragment('reports/builder/_preview', { ...(preview ? result(req, preview) : { report: null, chart: null }), errors });
    }
    showForm(req, res.status(preview ? 200 : 422), { entity: entityOf(form.values.entity), values: form.values, errors, saved, preview });
  });

  r.post('/reports/builder', (req, res) => {
    const user = currentUser(req);
    const form = builderForm(req.body);
    try {
      const id = createSaved(ctx, user, { name: form.name, definition: form.definition, roleIds: form.roleIds }, viewer(req));
      res.flash('builder.saved', { name: form.name });
      res.go(`/reports/saved/${id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      showForm(req, res.status(422), { entity: entityOf(form.values.entity), values: form.values, errors: err.fields, saved: null, preview: null });
    }
  });

  /** What a saved report counts and over which days, as its page says under the title. */
  const about = (req: Request, d: Definition, catalog: EntityCatalog): string => {
    const what = req.t(`builder.entity.${d.entity}`);
    const days = d.period ? periodDays(d.period, toLocalInput(ctx.clock.now(), req.timeZone).slice(0, 10)) : null;
    if (!d.period || !days) return `${what} · ${req.t('builder.range.all')}`;
    const field = labelText(catalog.fields.find((f) => f.key === d.period!.field)!.label, req.t);
    return `${what} · ${req.t('builder.aboutPeriod', { field, from: req.fmt.day(days.from), to: req.fmt.day(days.to) })}`;
  };

  /** A saved report as this viewer asked for it: its own definition, or with the period of the link. */
  const viewed = async (req: Request, saved: SavedReport) => {
    if (!saved.check.ok) return { definition: null, report: null, errors: saved.check.errors };
    const period = viewedPeriod(req.query);
    const definition = period === undefined ? saved.check.definition : { ...saved.check.definition, period };
    try {
      const report = await compute(ctx, currentUser(req), definition, viewer(req));
      return { definition: definition as Definition, report, errors: {} };
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return { definition: saved.check.definition, report: null, errors: err.fields };
    }
  };

  const periodQuery = (req: Request) => {
    const period = viewedPeriod(req.query);
    if (period === undefined) return '';
    const p = new URLSearchParams();
    for (const k of ['pf', 'range', 'from', 'to']) if (typeof req.query[k] === 'string') p.set(k, req.query[k] as string);
    return p.toString();
  };

  r.get('/reports/saved/:id', async (req, res) => {
    const user = currentUser(req);
    const saved = openSaved(ctx, user, idParam(req), viewer(req));
    const { definition, report, errors } = await viewed(req, saved);
    const roles = roleList(ctx.db).filter((role) => saved.roleIds.includes(role.id));
    const catalog = saved.check.ok ? saved.check.catalog : null;
    res.status(report || !saved.check.ok ? 200 : 422).page('reports/builder/show', {
      title: saved.row.name,
      saved,
      roles,
      about: definition && catalog ? about(req, definition, catalog) : null,
      errors,
      mayExport: mayEntity(user, 'report', 'export'),
      query: periodQuery(req),
      periodFields: catalog ? catalog.fields.filter(isDate).map((f) => ({ key: f.key, label: labelText(f.label, req.t) })) : [],
      period: definition?.period ?? null,
      ranges,
      ...(report ? result(req, report) : { report: null, chart: null }),
    });
  });

  r.get('/reports/saved/:id/edit', (req, res) => {
    const user = currentUser(req);
    const saved = editableSaved(ctx, user, idParam(req), viewer(req));
    // A definition that no longer checks (a field removed since) is shown as stored, with what is wrong.
    const stored = saved.check.ok ? saved.check.definition : storedAsIs(saved.row.definition);
    const entity = isBuilderEntity(req.query.entity) ? req.query.entity : isBuilderEntity(stored?.entity) ? stored.entity : 'deal';
    const values = stored && stored.entity === entity ? formValues(stored) : { entity, m1: 'count', chart: 'bar' };
    showForm(req, res, { entity, values: { ...values, name: saved.row.name, roles: saved.roleIds.map(String) }, errors: saved.check.ok ? {} : saved.check.errors, saved, preview: null });
  });

  r.post('/reports/saved/:id', (req, res) => {
    const user = currentUser(req);
    const id = idParam(req);
    const saved = editableSaved(ctx, user, id, viewer(req));
    const form = builderForm(req.body);
    try {
      updateSaved(ctx, user, id, { name: form.name, definition: form.definition, roleIds: form.roleIds }, viewer(req));
      res.flash('builder.saved', { name: form.name });
      res.go(`/reports/saved/${id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      showForm(req, res.status(422), { entity: entityOf(form.values.entity), values: form.values, errors: err.fields, saved, preview: null });
    }
  });

  r.post('/reports/saved/:id/delete', (req, res) => {
    const name = deleteSaved(ctx, currentUser(req), idParam(req), viewer(req));
    res.flash('builder.deleted', { name });
    res.go('/reports');
  });

  r.get('/reports/saved/:id/export.:format', async (req, res) => {
    const user = currentUser(req);
    const format = req.params.format;
    if (format !== 'csv' && format !== 'xlsx') throw new NotFoundError();
    assertMayReports(user, 'export');
    const saved = openSaved(ctx, user, idParam(req), viewer(req));
    const { report, errors } = await viewed(req, saved);
    if (!report) throw new ValidationError(errors);
    const base = baseCurrency(ctx.db);
    res.set('Content-Disposition', attachmentHeader(`${saved.row.name}.${format}`)).set('Cache-Control', 'private, no-store');
    if (format === 'csv') return res.type('text/csv; charset=utf-8').send(toCsv(report, req.t, base, req.fmt));
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(report, req.t, base, req.fmt, saved.row.name));
  });

  return r;
}
