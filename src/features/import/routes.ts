import fs from 'node:fs';
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { mayEntity } from '../../platform/access/index.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { csrfValid } from '../../platform/http/csrf.js';
import { actorOf, currentUser, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { cleanFileName, receiveUploads } from '../../platform/http/upload.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { shownRows } from '../../platform/records/builtin.js';
import { knownCurrencies } from '../currencies/service.js';
import { allLeadStatuses, allPipelines, stagesOf } from '../pipelines/queries.js';
import { activeUsers } from '../users/queries.js';
import { matchKinds, type ImportOptions, type Reason } from './convert.js';
import { importEntities, importFields, isImportEntity, type ImportEntity, type ImportField } from './fields.js';
import { mappingForm, readMapping, toOptions } from './form.js';
import { cancelJob, isRunning, parseOptions, recoverJobs } from './job.js';
import * as q from './queries.js';
import { rejectedCsv } from './report.js';
import { applyPreset, assertMayImport, createJob, importDir, jobFor, MAX_IMPORT_BYTES, previewJob, runJob, saveMapping, savePreset } from './service.js';

/** The multipart route of the upload: it checks the CSRF field itself (platform/http/csrf.ts). */
export const IMPORT_UPLOAD = '/import/upload';

/** Rejected rows shown on the result page; the CSV has them all. */
const SHOWN_REJECTS = 500;

const listOf: Record<ImportEntity, string> = { contact: '/contacts', company: '/companies', lead: '/leads', deal: '/deals', product: '/products' };
const titleOf: Record<ImportEntity, MessageKey> = { contact: 'import.title.contact', company: 'import.title.company', lead: 'import.title.lead', deal: 'import.title.deal', product: 'import.title.product' };

/** Import from CSV and XLSX (issue 18): upload → mapping and preview → background run with progress → result and rejected rows. */
export function importRoutes(ctx: AppContext): Router {
  const r = Router();
  // Jobs this process did not start cannot be running: a restart cut them off.
  recoverJobs(ctx);
  r.use('/import', requireUser);

  const labelOf = (req: Request) => (f: ImportField) => (typeof f.label === 'string' ? req.t(f.label) : f.label.text);
  const reasonText = (req: Request) => (reason: Reason) => (reason.column ? `${reason.column}: ` : '') + req.t(reason.key, reason.params);

  r.get('/import', (req, res) => {
    const user = currentUser(req);
    const entities = importEntities.filter((e) => mayEntity(user, e, 'import'));
    if (entities.length === 0) throw new ForbiddenError();
    res.page('import/index', { title: req.t('import.title'), entities, titleOf });
  });

  const showUpload = (req: Request, res: Response, entity: ImportEntity, errors: FieldErrors = {}) => {
    const user = currentUser(req);
    res.status(Object.keys(errors).length ? 422 : 200).page('import/upload', {
      title: req.t(titleOf[entity]),
      entity,
      errors,
      listHref: listOf[entity],
      fields: importFields(ctx.db, entity),
      labelOf: labelOf(req),
      jobs: q.recentJobs(ctx.db, user.id, entity),
      maxMb: MAX_IMPORT_BYTES / 1024 / 1024,
    });
  };

  r.get('/import/:entity', (req, res) => {
    const entity = req.params.entity;
    if (!isImportEntity(entity)) throw new NotFoundError();
    assertMayImport(currentUser(req), entity);
    showUpload(req, res, entity);
  });

  r.post(IMPORT_UPLOAD, async (req, res) => {
    const user = currentUser(req);
    const entity = req.query.entity;
    if (!isImportEntity(entity)) throw new NotFoundError();
    assertMayImport(user, entity);
    const upload = await receiveUploads(req, { field: 'file', dir: importDir(ctx), maxBytes: MAX_IMPORT_BYTES, maxFiles: 1 });
    const file = upload.files[0];
    try {
      const token = req.get('X-CSRF-Token') ?? (typeof upload.fields._csrf === 'string' ? upload.fields._csrf : undefined);
      if (!csrfValid(ctx, req, token)) throw new ForbiddenError('error.csrf');
      if (!file) throw new ValidationError({ file: { key: 'import.error.noFile' } });
      const job = await createJob(ctx, user, entity, { file: file.file, name: cleanFileName(file.name) }, labelOf(req));
      res.go(`/import/jobs/${job.id}`);
    } catch (err) {
      if (file) fs.rmSync(file.file, { force: true });
      if (err instanceof ValidationError) return showUpload(req, res, entity, err.fields);
      throw err;
    }
  });

  const showMapping = async (req: Request, res: Response, job: q.ImportJobRow, errors: FieldErrors = {}, values?: Record<string, unknown>) => {
    const user = currentUser(req);
    const entity = job.entity as ImportEntity;
    const options: ImportOptions = parseOptions(job.options);
    const pipelines = shownRows(req.locale, 'pipeline', allPipelines(ctx.db)).map((p) => ({ ...p, stages: shownRows(req.locale, 'stage', stagesOf(ctx.db, p.id)) }));
    res.status(Object.keys(errors).length ? 422 : 200).page('import/map', {
      title: req.t(titleOf[entity]),
      job,
      entity,
      errors,
      headers: JSON.parse(job.headers) as string[],
      mapping: JSON.parse(job.mapping) as Record<string, string>,
      options,
      values: values ?? { ...options, matchBy: options.matchBy },
      fields: importFields(ctx.db, entity),
      labelOf: labelOf(req),
      reasonText: reasonText(req),
      matchKinds: entity === 'company' ? matchKinds : matchKinds.filter((k) => k !== 'taxId'),
      users: activeUsers(ctx.db),
      pipelines,
      statuses: shownRows(req.locale, 'status', allLeadStatuses(ctx.db)),
      currencies: knownCurrencies(ctx.db),
      presets: q.presetsOf(ctx.db, entity),
      preview: await previewJob(ctx, user, job),
    });
  };

  const showJob = (req: Request, res: Response, job: q.ImportJobRow) => {
    const rejects = q.rejectsOf(ctx.db, job.id, SHOWN_REJECTS).map((row) => ({ ...row, reasons: (JSON.parse(row.reasons) as Reason[]).map(reasonText(req)) }));
    const locals = { title: req.t(titleOf[job.entity as ImportEntity]), job, running: isRunning(ctx, job.id), rejects, shownRejects: SHOWN_REJECTS, listHref: listOf[job.entity as ImportEntity] };
    if (req.get('HX-Request') && req.get('HX-Target') === 'import-progress') return res.fragment('import/_progress', locals);
    res.page('import/job', locals);
  };

  r.get('/import/jobs/:id', async (req, res) => {
    const job = jobFor(ctx, currentUser(req), idParam(req));
    if (job.status === 'draft') return showMapping(req, res, job);
    showJob(req, res, job);
  });

  r.post('/import/jobs/:id', async (req, res) => {
    const user = currentUser(req);
    let job = jobFor(ctx, user, idParam(req));
    if (job.status !== 'draft') return res.go(`/import/jobs/${job.id}`);
    const body = req.body as Record<string, unknown>;
    const form = parseForm(mappingForm, body);
    const headers = JSON.parse(job.headers) as string[];
    const known = new Set(importFields(ctx.db, job.entity as ImportEntity).map((f) => f.key));
    const mapping = readMapping(body, headers.length, known);
    if (!form.ok) {
      job = { ...job, mapping: JSON.stringify(mapping) };
      return showMapping(req, res, job, form.errors, form.values);
    }
    if (form.data.action === 'apply' && form.data.presetId) {
      job = applyPreset(ctx, saveMapping(ctx, job, mapping, toOptions(form.data)), form.data.presetId, labelOf(req));
      return showMapping(req, res, job);
    }
    job = saveMapping(ctx, job, mapping, toOptions(form.data));
    if (form.data.action === 'preset') {
      if (!form.data.presetName) return showMapping(req, res, job, { presetName: { key: 'validation.required' } });
      savePreset(ctx, user, job, form.data.presetName);
      res.flash('import.presetSaved', { name: form.data.presetName });
      return res.go(`/import/jobs/${job.id}`);
    }
    if (form.data.action === 'start') {
      try {
        runJob(ctx, user, job, actorOf(req).ip);
      } catch (err) {
        if (err instanceof ValidationError) return showMapping(req, res, job, err.fields);
        throw err;
      }
      return res.go(`/import/jobs/${job.id}`);
    }
    return showMapping(req, res, job);
  });

  r.post('/import/jobs/:id/cancel', (req, res) => {
    const job = jobFor(ctx, currentUser(req), idParam(req));
    cancelJob(ctx, job);
    res.flash('import.cancelAsked');
    res.go(`/import/jobs/${job.id}`);
  });

  r.post('/import/jobs/:id/continue', (req, res) => {
    const user = currentUser(req);
    const job = jobFor(ctx, user, idParam(req));
    if (job.status !== 'interrupted') return res.go(`/import/jobs/${job.id}`);
    runJob(ctx, user, job, actorOf(req).ip);
    res.go(`/import/jobs/${job.id}`);
  });

  r.get('/import/jobs/:id/rejected.csv', (req, res) => {
    const job = jobFor(ctx, currentUser(req), idParam(req));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="rejected-${job.id}.csv"`);
    res.send(rejectedCsv(job, q.rejectsOf(ctx.db, job.id), reasonText(req), req.t('import.reasonColumn')));
  });

  return r;
}
