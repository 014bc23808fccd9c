import type { Request } from 'express';
import type { AppContext } from '../../../context.js';
import { recordRows, type BoundEntity } from '../../access/activities.js';
import type { CurrentUser } from '../../auth/sessions.js';
import { encodeCursor, type Cursor } from '../paging.js';
import { searchIds, type SearchEntity } from '../search.js';
import type { FilterEnv } from './filters.js';
import type { ListField } from './fields.js';
import { listPage, type ListRow } from './query.js';
import * as saved from './saved.js';
import type { ListSpec } from './spec.js';
import { listHref, readState, type ListState } from './state.js';
import type { ViewRow } from './views.js';

const PAGE = 50;

/** Where a saved view opens: its query with the view's id. */
export function viewHref(base: string, view: ViewRow): string {
  return `${base}?${view.params ? `${view.params}&` : ''}view=${view.id}`;
}

export interface ListPage {
  fields: ListField[];
  shown: ListField[];
  rows: ListRow[];
  state: ListState;
  next: string | null;
  /** The quick search is too short for the index: nothing is looked up. */
  tooShort: boolean;
  /** A filter value could not be read: nothing is looked up either. */
  failed: boolean;
  view: ViewRow | null;
  views: ViewRow[];
  defaultViewId: number | null;
}

/**
 * A list as this user asks for it (fields, shown columns, search, filters, sort, open view) with a
 * function reading its rows a page at a time from a cursor: the list page reads one page, the export
 * every page, both through the same conditions and access rules.
 */
export interface PreparedList {
  fields: ListField[];
  shown: ListField[];
  state: ListState;
  tooShort: boolean;
  failed: boolean;
  view: ViewRow | null;
  /** Up to `limit` rows after the cursor; none when the search is too short or a filter failed. */
  rows(after: Cursor | null, limit: number): ListRow[];
}

export function prepareList(ctx: AppContext, spec: Omit<ListSpec, 'bulk'>, user: CurrentUser, query: Request['query'], env: FilterEnv): PreparedList {
  const fields = spec.fields(user);
  const state = readState(fields, query, spec.sort, env);
  const view = state.viewId ? saved.ownView(ctx, user, spec.entity, state.viewId) : null;
  const shown = saved.shownFields(ctx, user, spec.entity, fields, spec.columns, view);
  const ids = state.q ? (spec.search ? spec.search(state.q) : searchIds(ctx.db, spec.entity as SearchEntity, state.q)) : null;
  const tooShort = state.q.length > 0 && ids === null;
  const failed = state.filters.errors.length > 0;
  const visible = spec.visible(user);
  const editable = spec.editable ? spec.editable(user) : recordRows(ctx.db, user, spec.entity as BoundEntity, 'edit');
  const rows = (after: Cursor | null, limit: number) =>
    tooShort || failed ? [] : listPage(ctx.db, spec, { shown, conditions: state.filters.conditions, ids, visible, editable, sort: state.sort, dir: state.dir, after, limit });
  return { fields, shown, state, tooShort, failed, view, rows };
}

/**
 * One page of a list as this user asks for it, or where to go instead: the list opened bare goes to
 * the user's default view, a bare "?view=5" to the view's saved query. Another user's view is 404.
 */
export function openList(ctx: AppContext, spec: Omit<ListSpec, 'bulk'>, user: CurrentUser, query: Request['query'], env: FilterEnv): { redirect: string } | ListPage {
  const bare = Object.keys(query).length === 0;
  const preferred = saved.defaultView(ctx, user, spec.entity);
  if (bare && preferred) return { redirect: viewHref(spec.base, preferred) };
  const list = prepareList(ctx, spec, user, query, env);
  const { fields, shown, state, view, tooShort, failed } = list;
  if (view && view.params && Object.keys(query).length === 1) return { redirect: viewHref(spec.base, view) };
  const rows = list.rows(state.after, PAGE + 1);
  const page = rows.slice(0, PAGE);
  const last = page[page.length - 1];
  return {
    fields,
    shown,
    rows: page,
    state,
    next: rows.length > PAGE && last ? listHref(spec.base, state, { after: encodeCursor(last.cursor) }) : null,
    tooShort,
    failed,
    view,
    views: saved.viewsOf(ctx, user, spec.entity),
    defaultViewId: preferred?.id ?? null,
  };
}
