import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { actorOf, requireCapability, requireUser } from '../../platform/http/guards.js';
import { actions, entities, scopes } from '../../platform/access/model.js';
import { roleRights } from '../../platform/access/queries.js';
import { newRoleForm, roleForm } from './form.js';
import * as q from './queries.js';
import { createRole, deleteRole, updateRole } from './service.js';
import { idParam } from '../../platform/http/params.js';


export function roleRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/settings/roles', requireUser, requireCapability('settings'));

  const showList = (req: Request, res: Response, values: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    res.page('roles/list', { title: req.t('roles.title'), roles: q.rolesWithCounts(ctx.db), values, errors });
  };

  const showForm = (req: Request, res: Response, role: q.RoleRow, values: Record<string, unknown>, errors: FieldErrors = {}) => {
    res.page('roles/form', { title: req.t('roles.editTitle'), role, values, errors, entities, actions, scopes, fixed: role.code === 'admin' });
  };

  r.get('/settings/roles', (req, res) => showList(req, res));

  r.post('/settings/roles', (req, res) => {
    const form = parseForm(newRoleForm, req.body);
    if (!form.ok) return showList(req, res.status(422), form.values, form.errors);
    try {
      const role = createRole(ctx, actorOf(req), form.data);
      res.flash('roles.created', { name: role.name });
      res.go(`/settings/roles/${role.id}`);
    } catch (err) {
      if (err instanceof ValidationError) return showList(req, res.status(422), form.values, err.fields);
      throw err;
    }
  });

  r.get('/settings/roles/:id', (req, res) => {
    const role = q.findRole(ctx.db, idParam(req));
    if (!role) throw new NotFoundError();
    const rights = roleRights(ctx.db, role.id);
    showForm(req, res, role, { name: role.code && role.name === role.code ? req.t(`role.${role.code}` as 'role.admin') : role.name, m: rights.matrix, maySettings: rights.maySettings, mayEditCatalog: rights.mayEditCatalog, mayEditForms: rights.mayEditForms, mayExchange: rights.mayExchange });
  });

  r.post('/settings/roles/:id', (req, res) => {
    const role = q.findRole(ctx.db, idParam(req));
    if (!role) throw new NotFoundError();
    const form = parseForm(roleForm, req.body);
    if (!form.ok) return showForm(req, res.status(422), role, form.values, form.errors);
    updateRole(ctx, actorOf(req), role.id, form.data);
    res.flash('roles.saved', { name: form.data.name });
    res.go(`/settings/roles/${role.id}`);
  });

  r.post('/settings/roles/:id/delete', (req, res) => {
    const role = q.findRole(ctx.db, idParam(req));
    if (!role) throw new NotFoundError();
    deleteRole(ctx, actorOf(req), role.id);
    res.flash('roles.deleted', { name: role.name });
    res.go('/settings/roles');
  });

  return r;
}
