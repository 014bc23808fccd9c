import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { requireCapability, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { customEntities, customTypes, linkTargets, type CustomDef } from '../../platform/records/custom/definitions.js';
import { customDefs } from '../../platform/records/custom/queries.js';
import { definitionEditForm, definitionForm, moveForm, postedOptions } from './form.js';
import * as service from './service.js';

/** Settings → Fields: the custom fields of every entity, for administrators. */
export function customFieldRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/settings/fields', requireUser, requireCapability('settings'));

  const showList = (req: Request, res: Response, values: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    const groups = customEntities.map((entity) => ({ entity, defs: customDefs(ctx.db, entity, true) }));
    const entity = customEntities.find((e) => e === (values.entity ?? req.query.entity)) ?? 'deal';
    res.page('custom/list', { title: req.t('custom.title'), groups, values: { entity, ...values }, errors, entities: customEntities, types: customTypes, targets: linkTargets });
  };

  const showDefinition = (req: Request, res: Response, def: CustomDef, values: Record<string, unknown>, errors: FieldErrors = {}) => {
    res.page('custom/edit', { title: def.label, def, values, errors });
  };

  r.get('/settings/fields', (req, res) => showList(req, res));

  r.post('/settings/fields', (req, res) => {
    const form = parseForm(definitionForm, req.body);
    if (!form.ok) return showList(req, res.status(422), form.values, form.errors);
    try {
      const def = service.createDefinition(ctx, form.data);
      res.flash('custom.created', { label: def.label });
      res.go(`/settings/fields?entity=${def.entity}`);
    } catch (err) {
      if (err instanceof ValidationError) return showList(req, res.status(422), form.values, err.fields);
      throw err;
    }
  });

  r.get('/settings/fields/:id', (req, res) => {
    const def = service.definitionFor(ctx, idParam(req));
    showDefinition(req, res, def, { label: def.label, required: def.required });
  });

  r.post('/settings/fields/:id', (req, res) => {
    const def = service.definitionFor(ctx, idParam(req));
    const form = parseForm(definitionEditForm, req.body);
    if (!form.ok) return showDefinition(req, res.status(422), def, form.values, form.errors);
    try {
      const saved = service.updateDefinition(ctx, def.id, form.data, postedOptions(form.values));
      res.flash('custom.saved', { label: saved.label });
      res.go(`/settings/fields?entity=${saved.entity}`);
    } catch (err) {
      if (err instanceof ValidationError) return showDefinition(req, res.status(422), def, form.values, err.fields);
      throw err;
    }
  });

  r.post('/settings/fields/:id/move', (req, res) => {
    const form = parseForm(moveForm, req.body);
    const def = service.definitionFor(ctx, idParam(req));
    if (form.ok) service.moveDefinition(ctx, def.id, form.data.direction);
    res.go(`/settings/fields?entity=${def.entity}`);
  });

  r.post('/settings/fields/:id/active', (req, res) => {
    const def = service.setDefinitionActive(ctx, idParam(req), req.body?.active === '1');
    res.flash(def.active ? 'custom.activated' : 'custom.deactivated', { label: def.label });
    res.go(`/settings/fields?entity=${def.entity}`);
  });

  r.post('/settings/fields/:id/delete', (req, res) => {
    const def = service.definitionFor(ctx, idParam(req));
    try {
      service.deleteDefinition(ctx, def.id);
      res.flash('custom.deleted', { label: def.label });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.flash('custom.error.hasValues', {}, 'error');
    }
    res.go(`/settings/fields?entity=${def.entity}`);
  });

  return r;
}
