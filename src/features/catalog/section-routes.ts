import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireCapability, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { sectionForm } from './form.js';
import type { SectionRow } from './queries.js';
import * as sections from './sections.js';

/** Catalog sections, for roles that may edit the catalog. Mounted before /products/:id, which would take "sections" for an id. */
export function sectionRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/products/sections', requireUser, requireCapability('catalog'));

  const showForm = (req: Request, res: Response, section: SectionRow | null, values: Record<string, unknown>, errors: FieldErrors = {}) => {
    const tree = sections.sectionTree(ctx);
    // A section cannot move under itself or below it.
    const below = section ? new Set(sections.sectionWithSubsections(ctx, section.id)) : new Set<number>();
    res.page('catalog/section', { title: section ? section.name : req.t('catalog.section.new'), section, values, errors, parents: tree.filter((n) => !below.has(n.row.id)) });
  };

  const save = (req: Request, res: Response, section: SectionRow | null) => {
    const form = parseForm(sectionForm, req.body);
    if (!form.ok) return showForm(req, res.status(422), section, form.values, form.errors);
    try {
      if (section) sections.updateSection(ctx, currentUser(req), section.id, form.data);
      else sections.createSection(ctx, currentUser(req), form.data);
    } catch (err) {
      if (err instanceof ValidationError) return showForm(req, res.status(422), section, form.values, err.fields);
      throw err;
    }
    res.flash('catalog.section.saved', { name: form.data.name });
    res.go('/products');
  };

  r.get('/products/sections/new', (req, res) => showForm(req, res, null, { parentId: req.query.parent, sort: 100 }));
  r.post('/products/sections', (req, res) => save(req, res, null));
  r.get('/products/sections/:id', (req, res) => {
    const section = sections.sectionFor(ctx, idParam(req));
    showForm(req, res, section, section);
  });
  r.post('/products/sections/:id', (req, res) => save(req, res, sections.sectionFor(ctx, idParam(req))));
  r.post('/products/sections/:id/delete', (req, res) => {
    const section = sections.deleteSection(ctx, currentUser(req), idParam(req));
    res.flash('catalog.section.deleted', { name: section.name });
    res.go('/products');
  });
  return r;
}
