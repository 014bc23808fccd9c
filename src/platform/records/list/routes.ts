import type { Request, Response, Router } from 'express';
import type { AppContext } from '../../../context.js';
import { safeNext } from '../../../features/auth/form.js';
import { mountExport } from '../../../features/export/routes.js';
import { baseCurrency, currentRates } from '../../../features/currencies/service.js';
import { mayEntity } from '../../access/index.js';
import type { Entity } from '../../access/model.js';
import { ValidationError } from '../../errors.js';
import { parseForm } from '../../forms.js';
import { currentUser } from '../../http/guards.js';
import { MIN_QUERY } from '../search.js';
import { paramOf, type ListField } from './fields.js';
import { bulkForm, columnsForm, orderedColumns, renameViewForm, saveViewForm } from './forms.js';
import { openList, viewHref } from './page.js';
import * as saved from './saved.js';
import type { BulkAction, BulkKind, ListSpec } from './spec.js';
import { listHref, stateParams } from './state.js';

function viewId(req: Request): number {
  const id = Number(req.params.view);
  if (!Number.isInteger(id) || id <= 0) return 0;
  return id;
}

/**
 * The list of one entity and everything around it: GET <base> (the page, or its rows for htmx),
 * the column chooser, saved views and the bulk bar. Mounted before the entity's "/:id" routes, which
 * would otherwise take "views" or "bulk" for an id.
 */
export function mountList<K extends BulkKind>(r: Router, ctx: AppContext, spec: ListSpec<K>): void {
  const { base, entity } = spec;
  mountExport(r, ctx, spec);

  r.get(base, (req, res) => {
    const user = currentUser(req);
    const currency = baseCurrency(ctx.db);
    const list = openList(ctx, spec, user, req.query, { timeZone: req.timeZone, currency, rates: currentRates(ctx.db) });
    if ('redirect' in list) return res.go(list.redirect);
    const { state, shown } = list;
    const locals = {
      ...list,
      title: req.t(spec.title),
      spec: { base, prefix: spec.prefix, rows: spec.rows, empty: spec.empty, searchPlaceholder: spec.searchPlaceholder },
      label: (f: ListField) => ('key' in f.label ? req.t(f.label.key) : f.label.text),
      // The cell that links to the record: the field meant for it, else the first shown.
      linkAt: Math.max(0, shown.findIndex((f) => f.link)),
      paramOf,
      params: stateParams(state).toString(),
      // The filter and column panels are drawn when opened (htmx, or a link without JavaScript): most views never open them.
      panel: req.query.panel,
      panelHref: (name: string) => listHref(base, state, { panel: name }),
      sortHref: (key: string) => listHref(base, state, { sort: key, dir: state.sort.key === key && state.dir === 'asc' ? 'desc' : 'asc' }),
      minQuery: MIN_QUERY,
      baseCurrency: currency,
      mayAdd: spec.mayAdd(user),
      // The export menu: the same query as this list, as a file (features/export).
      exportHref: mayEntity(user, entity as Entity, 'export') ? (format: string) => listHref(`${base}/export`, state, { format }) : null,
      // The entities with an import (features/import): the button shows to those whose role has the right.
      importHref: ['contact', 'company', 'lead', 'deal', 'product'].includes(entity) && mayEntity(user, entity, 'import') ? `/import/${entity}` : null,
      bulk: spec.bulk ? { actions: spec.bulk.actions, targets: spec.bulk.targets?.(user) ?? [], confirm: spec.bulk.confirm, selected: spec.bulk.selected } : null,
      users: spec.bulk?.assignees() ?? [],
      // Each row the user may edit offers "add an activity": the activity form, as a dialog with JavaScript.
      rowActions: spec.rowActions !== false && mayEntity(user, entity, 'edit') ? { entity } : null,
    };
    // htmx swaps only successful answers: the rows carry a filter's message themselves.
    if (req.get('HX-Request') && [`${spec.prefix}-rows`, `${spec.prefix}-more`].includes(req.get('HX-Target') ?? '')) return res.fragment(spec.rows, locals);
    res.status(list.failed ? 422 : 200).page(spec.page, { ...locals, ...spec.pageLocals?.(user, req.query) });
  });

  const back = (req: Request, fallback = base) => safeNext(typeof req.body?.back === 'string' && req.body.back ? req.body.back : fallback);
  const refuse = (req: Request, res: Response, errors: Record<string, { key: Parameters<Response['flash']>[0]; params?: Record<string, string | number> }>) => {
    const first = Object.values(errors)[0]!;
    res.flash(first.key, first.params, 'error');
    res.go(back(req));
  };

  r.post(`${base}/columns`, (req, res) => {
    const form = parseForm(columnsForm, req.body);
    if (!form.ok) return refuse(req, res, form.errors);
    const user = currentUser(req);
    saved.saveColumns(ctx, user, entity, spec.fields(user), orderedColumns(form.data.cols, req.body), form.data.view);
    res.flash('lists.columns.saved');
    res.go(back(req));
  });

  r.post(`${base}/views`, (req, res) => {
    const form = parseForm(saveViewForm, req.body);
    if (!form.ok) return refuse(req, res, form.errors);
    const user = currentUser(req);
    const view = saved.saveView(ctx, user, entity, spec.fields(user), form.data);
    res.flash('lists.views.saved', { name: view.name });
    res.go(viewHref(base, view));
  });

  r.post(`${base}/views/:view/rename`, (req, res) => {
    const form = parseForm(renameViewForm, req.body);
    if (!form.ok) return refuse(req, res, form.errors);
    saved.renameView(ctx, currentUser(req), entity, viewId(req), form.data.name);
    res.flash('lists.views.renamed', { name: form.data.name });
    res.go(back(req));
  });

  r.post(`${base}/views/:view/delete`, (req, res) => {
    saved.deleteView(ctx, currentUser(req), entity, viewId(req));
    res.flash('lists.views.deleted');
    res.go(`${base}?q=`);
  });

  r.post(`${base}/views/:view/default`, (req, res) => {
    const on = saved.toggleDefaultView(ctx, currentUser(req), entity, viewId(req));
    res.flash(on ? 'lists.views.defaultSet' : 'lists.views.defaultCleared');
    res.go(back(req));
  });

  const bulk = spec.bulk;
  if (!bulk) return;
  r.post(`${base}/bulk`, (req, res) => {
    const form = parseForm(bulkForm, req.body);
    if (!form.ok) return refuse(req, res, form.errors);
    const { ids, action, responsibleId, stageId, statusId } = form.data;
    const wanted: BulkAction =
      action === 'assign' ? { kind: 'assign', responsibleId: responsibleId! } : action === 'stage' ? { kind: 'stage', stageId: stageId! } : action === 'status' ? { kind: 'status', statusId: statusId! } : { kind: 'delete' };
    if (!isOffered(bulk.actions, wanted)) return refuse(req, res, { action: { key: 'validation.invalid' } });
    try {
      res.flash(bulk.done, { n: bulk.run(currentUser(req), ids, wanted) });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.flash(bulk.refused, {}, 'error');
    }
    res.go(back(req));
  });
}

function isOffered<K extends BulkKind>(actions: K[], action: BulkAction): action is Extract<BulkAction, { kind: K }> {
  return (actions as string[]).includes(action.kind);
}
