import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { assertMay } from '../../platform/access/index.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { allPipelines, referenceList } from '../pipelines/queries.js';
import { activeUsers } from '../users/queries.js';
import { createsKinds, fieldTypes, targetsFor, type Creates } from './fields.js';
import { builderForm } from './form.js';
import { publicBase } from './public.js';
import * as q from './queries.js';
import { builderRows, builderValues, createForm, formFor, issueFormToken, newFormValues, removeForm, setFormActive, updateForm } from './service.js';

/** The form builder (/leads/forms), for administrators and roles allowed to build forms. */
export function formBuilderRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/leads/forms', requireUser, (req, _res, next) => {
    assertMay(currentUser(req), 'forms');
    next();
  });

  const EMPTY_ROWS = 3;

  /**
   * `rows` are the field rows in the order their errors are numbered: as posted when the post could not
   * be read, as the service saw them (empty ones dropped, in their order) when it refused them.
   */
  const showBuilder = (req: Request, res: Response, form: q.FormRow | null, values: Record<string, unknown>, errors: FieldErrors = {}, token: string | null = null, rows?: Record<string, unknown>[]) => {
    const creates = (createsKinds as readonly string[]).includes(String(values.creates)) ? (values.creates as Creates) : 'lead';
    const posted = rows ?? (Array.isArray(values.fields) ? values.fields : values.fields && typeof values.fields === 'object' ? Object.values(values.fields) : []);
    const shownRows = [...(posted as Record<string, unknown>[]), ...Array.from({ length: EMPTY_ROWS }, () => ({}))];
    const base = publicBase(ctx, req);
    res.page('forms/builder', {
      title: form ? form.name : req.t('forms.new'),
      form, values, errors, rows: shownRows, token,
      targets: targetsFor(ctx.db, creates).map((t) => ({ key: t.key, types: t.types, entity: t.entity, label: 'key' in t.label ? req.t(t.label.key) : t.label.text })),
      types: fieldTypes,
      users: activeUsers(ctx.db),
      pipelines: allPipelines(ctx.db),
      sources: referenceList(ctx.db, 'source'),
      links: form ? { page: `${base}/forms/${form.key}`, snippet: `<script src="${base}/forms/${form.key}/embed.js" async></script>`, api: `${base}/api/leads` } : null,
      rejections: form ? q.rejectionsOf(ctx.db, form.id) : [],
    });
  };

  r.get('/leads/forms', (req, res) => {
    res.page('forms/list', { title: req.t('forms.title'), forms: q.listForms(ctx.db), base: publicBase(ctx, req) });
  });

  r.get('/leads/forms/new', (req, res) => showBuilder(req, res, null, newFormValues(ctx, currentUser(req), req.t)));

  r.post('/leads/forms', (req, res) => {
    const form = parseForm(builderForm, req.body);
    if (!form.ok) return showBuilder(req, res.status(422), null, form.values, form.errors);
    try {
      const made = createForm(ctx, currentUser(req), form.data);
      res.flash('forms.saved', { name: made.name });
      res.go(`/leads/forms/${made.id}`);
    } catch (err) {
      if (err instanceof ValidationError) return showBuilder(req, res.status(422), null, form.values, err.fields, null, builderRows(form.data.fields));
      throw err;
    }
  });

  r.get('/leads/forms/:id', (req, res) => {
    const form = formFor(ctx, currentUser(req), idParam(req));
    showBuilder(req, res, form, builderValues(form));
  });

  r.post('/leads/forms/:id', (req, res) => {
    const stored = formFor(ctx, currentUser(req), idParam(req));
    const form = parseForm(builderForm, req.body);
    if (!form.ok) return showBuilder(req, res.status(422), stored, form.values, form.errors);
    try {
      updateForm(ctx, currentUser(req), stored.id, form.data);
      res.flash('forms.saved', { name: form.data.name });
      res.go(`/leads/forms/${stored.id}`);
    } catch (err) {
      if (err instanceof ValidationError) return showBuilder(req, res.status(422), stored, form.values, err.fields, null, builderRows(form.data.fields));
      throw err;
    }
  });

  r.post('/leads/forms/:id/active', (req, res) => {
    setFormActive(ctx, currentUser(req), idParam(req), req.body?.active === '1');
    res.go('/leads/forms');
  });

  // The new secret is shown on this one page and never again (only its hash is kept).
  r.post('/leads/forms/:id/token', (req, res) => {
    const user = currentUser(req);
    const token = issueFormToken(ctx, user, idParam(req));
    const form = formFor(ctx, user, idParam(req));
    showBuilder(req, res, form, builderValues(form), {}, token);
  });

  r.post('/leads/forms/:id/delete', (req, res) => {
    const form = formFor(ctx, currentUser(req), idParam(req));
    removeForm(ctx, currentUser(req), form.id);
    res.flash('forms.deleted', { name: form.name });
    res.go('/leads/forms');
  });

  return r;
}
