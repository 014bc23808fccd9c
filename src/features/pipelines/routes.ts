import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { requireCapability, requireUser } from '../../platform/http/guards.js';
import { referenceLists, type ReferenceList } from './defaults.js';
import { moveForm, pipelineForm, rowsForm } from './form.js';
import * as q from './queries.js';
import { leadSemantics, pipelineSemantics, type Semantics } from './rows.js';
import * as service from './service.js';
import { idParam } from '../../platform/http/params.js';
import { shownName, shownRows } from '../../platform/records/builtin.js';


function listParam(req: Request): ReferenceList {
  const list = req.params.list as ReferenceList;
  if (!referenceLists.includes(list)) throw new NotFoundError();
  return list;
}

const semanticsOptions = (s: Semantics) => [s.open, s.win, s.lose];

/** Pipelines and their stages, lead statuses and reference lists: the CRM's settings. */
export function pipelineRoutes(ctx: AppContext): Router {
  const r = Router();
  for (const prefix of ['/settings/pipelines', '/settings/lead-statuses', '/settings/lists']) r.use(prefix, requireUser, requireCapability('settings'));

  const showList = (req: Request, res: Response, values: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    const list = shownRows(req.locale, 'pipeline', q.allPipelines(ctx.db)).map((p) => ({ ...p, stages: shownRows(req.locale, 'stage', q.stagesOf(ctx.db, p.id)) }));
    res.page('pipelines/list', { title: req.t('pipelines.title'), pipelines: list, values, errors, lists: referenceLists });
  };

  const showPipeline = (req: Request, res: Response, stored: q.PipelineRow, rows: unknown[], errors: FieldErrors = {}, values?: Record<string, unknown>) => {
    const pipeline = { ...stored, name: shownName(req.locale, 'pipeline', stored) };
    res.page('pipelines/pipeline', {
      title: pipeline.name,
      pipeline,
      rows,
      values: values ?? { name: pipeline.name },
      errors,
      semantics: semanticsOptions(pipelineSemantics),
      semanticsLabel: 'stages.semantics.',
    });
  };

  r.get('/settings/pipelines', (req, res) => showList(req, res));

  r.post('/settings/pipelines', (req, res) => {
    const form = parseForm(pipelineForm, req.body);
    if (!form.ok) return showList(req, res.status(422), form.values, form.errors);
    const pipeline = service.createPipeline(ctx, req.t, form.data.name);
    res.flash('pipelines.created', { name: pipeline.name });
    res.go(`/settings/pipelines/${pipeline.id}`);
  });

  r.get('/settings/pipelines/:id', (req, res) => {
    const pipeline = q.findPipeline(ctx.db, idParam(req));
    if (!pipeline) throw new NotFoundError();
    showPipeline(req, res, pipeline, shownRows(req.locale, 'stage', q.stagesOf(ctx.db, pipeline.id)));
  });

  r.post('/settings/pipelines/:id', (req, res) => {
    const pipeline = q.findPipeline(ctx.db, idParam(req));
    if (!pipeline) throw new NotFoundError();
    const form = parseForm(pipelineForm, req.body);
    if (!form.ok) return showPipeline(req, res.status(422), pipeline, shownRows(req.locale, 'stage', q.stagesOf(ctx.db, pipeline.id)), form.errors, form.values);
    service.renamePipeline(ctx, pipeline.id, form.data.name);
    res.flash('pipelines.saved', { name: form.data.name });
    res.go(`/settings/pipelines/${pipeline.id}`);
  });

  r.post('/settings/pipelines/:id/stages', (req, res) => {
    const pipeline = q.findPipeline(ctx.db, idParam(req));
    if (!pipeline) throw new NotFoundError();
    const form = parseForm(rowsForm, req.body);
    const rows = form.ok ? form.data.rows : [];
    try {
      service.saveStages(ctx, pipeline.id, rows);
    } catch (err) {
      if (err instanceof ValidationError) return showPipeline(req, res.status(422), pipeline, rows, err.fields);
      throw err;
    }
    res.flash('pipelines.stagesSaved', { name: shownName(req.locale, 'pipeline', pipeline) });
    res.go(`/settings/pipelines/${pipeline.id}`);
  });

  r.post('/settings/pipelines/:id/move', (req, res) => {
    const form = parseForm(moveForm, req.body);
    if (form.ok) service.movePipeline(ctx, idParam(req), form.data.direction);
    res.go('/settings/pipelines');
  });

  r.post('/settings/pipelines/:id/delete', (req, res) => {
    const pipeline = q.findPipeline(ctx.db, idParam(req));
    if (!pipeline) throw new NotFoundError();
    service.deletePipeline(ctx, pipeline.id);
    res.flash('pipelines.deleted', { name: shownName(req.locale, 'pipeline', pipeline) });
    res.go('/settings/pipelines');
  });

  const showStatuses = (req: Request, res: Response, rows: unknown[], errors: FieldErrors = {}) => {
    res.page('pipelines/statuses', { title: req.t('leadStatuses.title'), rows, errors, semantics: semanticsOptions(leadSemantics), semanticsLabel: 'statuses.semantics.' });
  };

  r.get('/settings/lead-statuses', (req, res) => showStatuses(req, res, shownRows(req.locale, 'status', q.allLeadStatuses(ctx.db))));

  r.post('/settings/lead-statuses', (req, res) => {
    const form = parseForm(rowsForm, req.body);
    const rows = form.ok ? form.data.rows : [];
    try {
      service.saveLeadStatuses(ctx, rows);
    } catch (err) {
      if (err instanceof ValidationError) return showStatuses(req, res.status(422), rows, err.fields);
      throw err;
    }
    res.flash('leadStatuses.saved');
    res.go('/settings/lead-statuses');
  });

  const showReference = (req: Request, res: Response, list: ReferenceList, rows: unknown[], errors: FieldErrors = {}) => {
    res.page('pipelines/reference', { title: req.t(`lists.${list}`), list, lists: referenceLists, rows, errors });
  };

  r.get('/settings/lists/:list', (req, res) => {
    const list = listParam(req);
    showReference(req, res, list, shownRows(req.locale, list, q.referenceList(ctx.db, list)));
  });

  r.post('/settings/lists/:list', (req, res) => {
    const list = listParam(req);
    const form = parseForm(rowsForm, req.body);
    const rows = form.ok ? form.data.rows : [];
    try {
      service.saveReferenceList(ctx, list, rows);
    } catch (err) {
      if (err instanceof ValidationError) return showReference(req, res.status(422), list, rows, err.fields);
      throw err;
    }
    res.flash('lists.saved', { name: req.t(`lists.${list}`) });
    res.go(`/settings/lists/${list}`);
  });

  return r;
}
