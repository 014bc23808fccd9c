import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { actorOf, currentUser, requireCapability, requireUser } from '../../platform/http/guards.js';
import { allDepartments } from '../departments/queries.js';
import { flattenTree } from '../../platform/tree.js';
import { editUserForm, listFilter, newUserForm, passwordForm } from './form.js';
import * as q from './queries.js';
import { createUser, resetPassword, setActive, updateUser } from './service.js';
import { idParam } from '../../platform/http/params.js';


export function userRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/settings/users', requireUser, requireCapability('settings'));

  const choices = () => ({ roles: q.allRoles(ctx.db), departments: flattenTree(allDepartments(ctx.db)) });

  const showForm = (req: Request, res: Response, user: q.UserRow | null, values: Record<string, unknown>, errors: FieldErrors = {}) => {
    res.page('users/form', {
      title: user ? user.fullName : req.t('users.new'),
      editing: user,
      values,
      errors,
      ...choices(),
    });
  };

  r.get('/settings/users', (req, res) => {
    const filter = listFilter.parse(req.query);
    const rows = q.listUsers(ctx.db, filter);
    const locals = { title: req.t('users.title'), rows, filter, ...choices() };
    if (req.get('HX-Request') && req.get('HX-Target') === 'user-rows') return res.fragment('users/_rows', locals);
    res.page('users/list', locals);
  });

  r.get('/settings/users/new', (req, res) => {
    showForm(req, res, null, { locale: req.locale, roleIds: [], departmentIds: [] });
  });

  r.post('/settings/users', async (req, res) => {
    const form = parseForm(newUserForm, req.body);
    if (!form.ok) return showForm(req, res.status(422), null, form.values, form.errors);
    try {
      const user = await createUser(ctx, actorOf(req), form.data);
      res.flash('users.created', { name: user.fullName });
      res.go('/settings/users');
    } catch (err) {
      if (err instanceof ValidationError) return showForm(req, res.status(422), null, form.values, err.fields);
      throw err;
    }
  });

  r.get('/settings/users/:id', (req, res) => {
    const user = q.findUser(ctx.db, idParam(req));
    if (!user) throw new NotFoundError();
    showForm(req, res, user, {
      ...user,
      roleIds: q.roleIdsOf(ctx.db, user.id),
      departmentIds: q.departmentIdsOf(ctx.db, user.id),
    });
  });

  r.post('/settings/users/:id', (req, res) => {
    const id = idParam(req);
    const user = q.findUser(ctx.db, id);
    if (!user) throw new NotFoundError();
    const form = parseForm(editUserForm, req.body);
    if (!form.ok) return showForm(req, res.status(422), user, form.values, form.errors);
    try {
      updateUser(ctx, currentUser(req), actorOf(req), id, form.data);
    } catch (err) {
      if (err instanceof ValidationError) return showForm(req, res.status(422), user, form.values, err.fields);
      throw err;
    }
    res.flash('users.saved', { name: form.data.fullName });
    res.go('/settings/users');
  });

  r.post('/settings/users/:id/password', async (req, res) => {
    const id = idParam(req);
    const user = q.findUser(ctx.db, id);
    if (!user) throw new NotFoundError();
    const form = parseForm(passwordForm, req.body);
    const values = { ...user, roleIds: q.roleIdsOf(ctx.db, id), departmentIds: q.departmentIdsOf(ctx.db, id) };
    if (!form.ok) return showForm(req, res.status(422), user, values, form.errors);
    try {
      await resetPassword(ctx, actorOf(req), id, form.data.password);
    } catch (err) {
      if (err instanceof ValidationError) return showForm(req, res.status(422), user, values, err.fields);
      throw err;
    }
    res.flash('users.passwordReset', { name: user.fullName });
    res.go(`/settings/users/${id}`);
  });

  for (const [action, active] of [['deactivate', false], ['reactivate', true]] as const) {
    r.post(`/settings/users/:id/${action}`, (req, res) => {
      const id = idParam(req);
      setActive(ctx, currentUser(req), actorOf(req), id, active);
      res.flash(active ? 'users.reactivated' : 'users.deactivated', { name: q.findUser(ctx.db, id)!.fullName });
      res.go(`/settings/users/${id}`);
    });
  }

  return r;
}
