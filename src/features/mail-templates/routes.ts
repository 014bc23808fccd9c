import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import type { FieldErrors } from '../../platform/errors.js';
import { may } from '../../platform/access/index.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { templateForm } from './form.js';
import { placeholders } from './placeholders.js';
import { createTemplate, deleteTemplate, templateFor, templateList, updateTemplate } from './service.js';
import type { TemplateRow } from './queries.js';

/** E-mail templates: everyone keeps their own; those who may change settings keep the shared ones. */
export function mailTemplateRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/mail-templates', requireUser);

  r.get('/mail-templates', (req, res) => {
    res.page('mail-templates/list', { title: req.t('mail.templates.title'), templates: templateList(ctx, currentUser(req)) });
  });

  const showForm = (req: Request, res: Response, template: TemplateRow | null, values: Record<string, unknown>, errors: FieldErrors = {}) => {
    res.page('mail-templates/form', { title: template ? template.name : req.t('mail.templates.new'), template, values, errors, placeholders, mayShare: may(currentUser(req), 'settings') });
  };

  r.get('/mail-templates/new', (req, res) => showForm(req, res, null, { body: '\n\n{{user.signature}}' }));

  r.post('/mail-templates', (req, res) => {
    const form = parseForm(templateForm, req.body);
    if (!form.ok) return showForm(req, res.status(422), null, form.values, form.errors);
    const t = createTemplate(ctx, currentUser(req), form.data);
    res.flash('mail.templates.saved', { name: t.name });
    res.go('/mail-templates');
  });

  r.get('/mail-templates/:id', (req, res) => {
    const t = templateFor(ctx, currentUser(req), idParam(req), 'edit');
    showForm(req, res, t, { ...t, shared: t.ownerId === null });
  });

  r.post('/mail-templates/:id', (req, res) => {
    const t = templateFor(ctx, currentUser(req), idParam(req), 'edit');
    const form = parseForm(templateForm, req.body);
    if (!form.ok) return showForm(req, res.status(422), t, form.values, form.errors);
    updateTemplate(ctx, currentUser(req), t.id, form.data);
    res.flash('mail.templates.saved', { name: form.data.name });
    res.go('/mail-templates');
  });

  r.post('/mail-templates/:id/delete', (req, res) => {
    const t = deleteTemplate(ctx, currentUser(req), idParam(req));
    res.flash('mail.templates.deleted', { name: t.name });
    res.go('/mail-templates');
  });

  return r;
}
