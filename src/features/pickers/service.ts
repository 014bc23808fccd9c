import type { AppContext } from '../../context.js';
import { mayRecord, rowCondition } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { searchIds } from '../../platform/records/search.js';
import { recordsByIds, responsibleColumn, type PickEntity } from './queries.js';

export type { PickEntity };

/** One record a picker offers or shows as chosen; `title` is null for a chosen record the user may not read. */
export interface Pick {
  id: number;
  title: string | null;
}

/** A picker in a form: the input name, what it picks, one record or several. */
export interface PickerSpec {
  name: string;
  entity: PickEntity;
  multiple: boolean;
}

export const PICKER_LIMIT = 10;

/**
 * Records of the kind matching `q` by the full-text index that this user may read (the rights
 * condition is part of the query, so a picker never offers what the user could not open). Null when
 * the text is too short to search.
 */
export function pickCandidates(ctx: AppContext, user: CurrentUser, entity: PickEntity, q: string, limit = PICKER_LIMIT): Pick[] | null {
  const ids = searchIds(ctx.db, entity, q);
  if (ids === null) return null;
  const visible = rowCondition(ctx.db, user, entity, 'read', { responsible: responsibleColumn(entity) });
  return recordsByIds(ctx.db, entity, ids, visible, limit).map(({ id, title }) => ({ id, title }));
}

/** The chosen records of a picker, in the order given; a record the user may not read keeps its id but no title. */
export function pickedRecords(ctx: AppContext, user: CurrentUser, entity: PickEntity, ids: number[]): Pick[] {
  const found = new Map(recordsByIds(ctx.db, entity, ids, undefined, ids.length).map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = found.get(id);
    if (!r) return [];
    return [{ id, title: mayRecord(ctx.db, user, entity, 'read', r) ? r.title : null }];
  });
}

/** The ids a picker's input holds as posted or stored: one id, several, or none. */
export function pickedIds(raw: unknown): number[] {
  return ([] as unknown[])
    .concat(raw ?? [])
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

/**
 * Without JavaScript a picker is a plain text box ("<name>_q"). Text left there without choosing from
 * the list is resolved here: exactly one visible match is taken (added, for a picker of several);
 * none or several is an error on that field. With JavaScript, choosing from the list clears the box.
 */
export function resolvePickerFields(ctx: AppContext, user: CurrentUser, posted: Record<string, unknown>, pickers: PickerSpec[]): { values: Record<string, unknown>; errors: FieldErrors | null } {
  const values = { ...posted };
  const errors: FieldErrors = {};
  for (const p of pickers) {
    const typed = posted[`${p.name}_q`];
    if (typeof typed !== 'string' || typed.trim() === '') continue;
    const found = pickCandidates(ctx, user, p.entity, typed, 2);
    if (found === null) errors[p.name] = { key: 'pickers.tooShort' };
    else if (found.length !== 1) errors[p.name] = { key: found.length ? 'pickers.several' : 'pickers.noMatch', params: { q: typed.trim() } };
    else {
      const id = String(found[0]!.id);
      values[p.name] = p.multiple ? [...new Set([...pickedIds(posted[p.name]).map(String), id])] : id;
      delete values[`${p.name}_q`];
    }
  }
  return { values, errors: Object.keys(errors).length ? errors : null };
}

/** As resolvePickerFields, raising the problems. */
export function resolvePickerText(ctx: AppContext, user: CurrentUser, posted: Record<string, unknown>, pickers: PickerSpec[]): Record<string, unknown> {
  const { values, errors } = resolvePickerFields(ctx, user, posted, pickers);
  if (errors) throw new ValidationError(errors);
  return values;
}

/** What a picker in a form shows: the chosen records and, for text typed but not resolved, the matches to choose from. */
export function pickerState(ctx: AppContext, user: CurrentUser, values: Record<string, unknown>, p: PickerSpec): { chosen: Pick[]; options: Pick[] } {
  const typed = values[`${p.name}_q`];
  const ids = pickedIds(values[p.name]);
  const found = typeof typed === 'string' && typed.trim() ? (pickCandidates(ctx, user, p.entity, typed) ?? []) : [];
  return { chosen: pickedRecords(ctx, user, p.entity, ids), options: found.filter((o) => !ids.includes(o.id)) };
}
