import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { actorOf, requireCapability, requireUser } from '../../platform/http/guards.js';
import { activeUsers } from '../users/queries.js';
import { departmentForm } from './form.js';
import * as q from './queries.js';
import { createDepartment, deleteDepartment, updateDepartment } from './service.js';
import { flattenTree, subtreeIds } from '../../platform/tree.js';
import { idParam } from '../../platform/http/params.js';


export function departmentRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/settings/departments', requireUser, requireCapability('settings'));

  const showForm = (req: Request, res: Response, dept: q.DepartmentRow | null, values: Record<string, unknown>, errors: FieldErrors = {}) => {
    const rows = q.allDepartments(ctx.db);
    // A department cannot be moved under itself or below: those are not offered as parents.
    const excluded = dept ? subtreeIds(rows, dept.id) : new Set<number>();
    res.page('departments/form', {
      title: dept ? dept.name : req.t('departments.new'),
      editing: dept,
      values,
      errors,
      parents: flattenTree(rows).filter((n) => !excluded.has(n.row.id)),
      users: activeUsers(ctx.db),
    });
  };

  r.get('/settings/departments', (req, res) => {
    const rows = q.allDepartments(ctx.db);
    const heads = new Map(activeUsers(ctx.db).map((u) => [u.id, u.fullName]));
    res.page('departments/list', {
      title: req.t('departments.title'),
      tree: flattenTree(rows),
      members: q.membersByDepartment(ctx.db),
      heads,
    });
  });

  r.get('/settings/departments/new', (req, res) => {
    showForm(req, res, null, { parentId: req.query.parent ?? '' });
  });

  r.post('/settings/departments', (req, res) => {
    const form = parseForm(departmentForm, req.body);
    if (!form.ok) return showForm(req, res.status(422), null, form.values, form.errors);
    try {
      const dept = createDepartment(ctx, form.data, actorOf(req));
      res.flash('departments.created', { name: dept.name });
      res.go('/settings/departments');
    } catch (err) {
      if (err instanceof ValidationError) return showForm(req, res.status(422), null, form.values, err.fields);
      throw err;
    }
  });

  r.get('/settings/departments/:id', (req, res) => {
    const dept = q.findDepartment(ctx.db, idParam(req));
    if (!dept) throw new NotFoundError();
    showForm(req, res, dept, dept);
  });

  r.post('/settings/departments/:id', (req, res) => {
    const dept = q.findDepartment(ctx.db, idParam(req));
    if (!dept) throw new NotFoundError();
    const form = parseForm(departmentForm, req.body);
    if (!form.ok) return showForm(req, res.status(422), dept, form.values, form.errors);
    try {
      updateDepartment(ctx, dept.id, form.data, actorOf(req));
    } catch (err) {
      if (err instanceof ValidationError) return showForm(req, res.status(422), dept, form.values, err.fields);
      throw err;
    }
    res.flash('departments.saved', { name: form.data.name });
    res.go('/settings/departments');
  });

  r.post('/settings/departments/:id/delete', (req, res) => {
    const dept = q.findDepartment(ctx.db, idParam(req));
    if (!dept) throw new NotFoundError();
    deleteDepartment(ctx, dept.id, actorOf(req));
    res.flash('departments.deleted', { name: dept.name });
    res.go('/settings/departments');
  });

  return r;
}
