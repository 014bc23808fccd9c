import type { AppContext } from '../../../context.js';
import type { CurrentUser } from '../../auth/sessions.js';
import { NotFoundError } from '../../errors.js';
import type { ListEntity } from './spec.js';
import type { ListField } from './fields.js';
import * as v from './views.js';

/**
 * Saved views and column choices, per user and list. A view belongs to one user: any other user's
 * id is "not found", whether it exists or not.
 */
export function ownView(ctx: AppContext, user: CurrentUser, entity: ListEntity, id: number): v.ViewRow {
  const view = v.findOwnView(ctx.db, user.id, entity, id);
  if (!view) throw new NotFoundError();
  return view;
}

/** The keys that name fields of this list, in the given order, without repeats. */
function known(fields: ListField[], keys: string[]): string[] {
  return [...new Set(keys)].filter((k) => fields.some((f) => f.key === k));
}

function parsedKeys(json: string | null | undefined): string[] | null {
  if (!json) return null;
  try {
    const keys = JSON.parse(json) as unknown;
    return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : null;
  } catch {
    return null;
  }
}

/** The shown fields: the open view's columns, else the user's choice, else the list's defaults. */
export function shownFields(ctx: AppContext, user: CurrentUser, entity: ListEntity, fields: ListField[], defaults: string[], view: v.ViewRow | null): ListField[] {
  const chosen = known(fields, parsedKeys(view?.columns) ?? parsedKeys(v.settingsOf(ctx.db, user.id, entity)?.columns) ?? defaults);
  const keys = chosen.length ? chosen : defaults;
  return keys.map((k) => fields.find((f) => f.key === k)!).filter(Boolean);
}

export function defaultView(ctx: AppContext, user: CurrentUser, entity: ListEntity): v.ViewRow | null {
  const id = v.settingsOf(ctx.db, user.id, entity)?.defaultViewId;
  return id ? v.findOwnView(ctx.db, user.id, entity, id) : null;
}

export function saveView(ctx: AppContext, user: CurrentUser, entity: ListEntity, fields: ListField[], input: { name: string; params: string; columns: string[] }): v.ViewRow {
  const params = new URLSearchParams(input.params);
  for (const transient of ['after', 'view']) params.delete(transient);
  return v.insertView(ctx.db, { userId: user.id, entity, name: input.name, params: params.toString(), columns: JSON.stringify(known(fields, input.columns)), createdAt: ctx.clock.now() });
}

export function renameView(ctx: AppContext, user: CurrentUser, entity: ListEntity, id: number, name: string): void {
  v.updateView(ctx.db, ownView(ctx, user, entity, id).id, { name });
}

export function deleteView(ctx: AppContext, user: CurrentUser, entity: ListEntity, id: number): void {
  const view = ownView(ctx, user, entity, id);
  ctx.sqlite.transaction(() => v.deleteView(ctx.db, view.id))();
}

/** Makes the view the one "/list" opens with; for the view that already is, goes back to none. */
export function toggleDefaultView(ctx: AppContext, user: CurrentUser, entity: ListEntity, id: number): boolean {
  const view = ownView(ctx, user, entity, id);
  const isDefault = v.settingsOf(ctx.db, user.id, entity)?.defaultViewId === view.id;
  v.saveSettings(ctx.db, user.id, entity, { defaultViewId: isDefault ? null : view.id });
  return !isDefault;
}

/** Saves the chosen columns: the open view's when one is given, else the user's own for the list. */
export function saveColumns(ctx: AppContext, user: CurrentUser, entity: ListEntity, fields: ListField[], keys: string[], viewId: number | null): void {
  const columns = JSON.stringify(known(fields, keys));
  if (viewId) v.updateView(ctx.db, ownView(ctx, user, entity, viewId).id, { columns });
  else v.saveSettings(ctx.db, user.id, entity, { columns });
}

export const viewsOf = (ctx: AppContext, user: CurrentUser, entity: ListEntity) => v.viewsOf(ctx.db, user.id, entity);
