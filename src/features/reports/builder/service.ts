import type { AppContext } from '../../../context.js';
import type { CurrentUser } from '../../../platform/auth/sessions.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../../../platform/errors.js';
import { toLocalInput } from '../../../platform/format.js';
import type { Locale } from '../../../platform/i18n/index.js';
import type { Report } from '../model.js';
import { assertMayReports } from '../service.js';
import { checkDefinition, readDefinition, type Definition } from './definition.js';
import * as q from './queries.js';
import { reportRunner } from '../runner.js';

/**
 * Saved builder reports: anyone who may read reports makes their own and shares them with roles; a
 * user sees their own, the ones shared with their roles and (an administrator) all; only the owner or
 * an administrator changes or removes one. Whoever opens a report sees the figures of their own scope.
 */
export interface Viewer {
  locale: Locale;
  timeZone: string;
}

export interface SavedReport {
  row: q.SavedReportRow;
  roleIds: number[];
  mayEdit: boolean;
  /** The stored definition as it reads now; errors when it names fields that are gone. */
  check: ReturnType<typeof checkDefinition>;
}

const mayEdit = (user: CurrentUser, row: q.SavedReportRow) => row.ownerId === user.id || user.isAdmin;

/** The report a user may see, or not found (so another's private report does not show it exists). */
export function openSaved(ctx: AppContext, user: CurrentUser, id: number, viewer: Viewer): SavedReport {
  assertMayReports(user);
  const row = q.findSavedReport(ctx.db, id);
  if (!row || !(mayEdit(user, row) || q.isSharedWith(ctx.db, id, user.id))) throw new NotFoundError();
  return { row, roleIds: q.sharedRoleIds(ctx.db, id), mayEdit: mayEdit(user, row), check: checkDefinition(ctx.db, viewer.locale, readDefinition(row.definition)) };
}

export function editableSaved(ctx: AppContext, user: CurrentUser, id: number, viewer: Viewer): SavedReport {
  const saved = openSaved(ctx, user, id, viewer);
  if (!saved.mayEdit) throw new ForbiddenError('builder.error.notOwner');
  return saved;
}

export function listSaved(ctx: AppContext, user: CurrentUser): q.SavedListItem[] {
  return q.visibleReports(ctx.db, user.id, user.isAdmin);
}

/** Checks the definition here (its errors by input), then computes it off the request's thread as the standard reports (runner.ts). */
export function compute(ctx: AppContext, user: CurrentUser, definition: unknown, viewer: Viewer): Promise<Report> {
  assertMayReports(user);
  const check = checkDefinition(ctx.db, viewer.locale, definition);
  if (!check.ok) throw new ValidationError(check.errors);
  const now = ctx.clock.now();
  return reportRunner(ctx).run({ key: 'builder', definition: check.definition, user, ...viewer, now, today: toLocalInput(now, viewer.timeZone).slice(0, 10) });
}

export interface SaveInput {
  name: string;
  definition: unknown;
  roleIds: number[];
}

/** Checks everything first (the name, the definition, the roles), then writes in one transaction. */
function checked(ctx: AppContext, input: SaveInput, viewer: Viewer): { definition: Definition; roleIds: number[] } {
  const errors: FieldErrors = {};
  if (!input.name.trim()) errors.name = { key: 'validation.required' };
  else if (input.name.length > 200) errors.name = { key: 'validation.tooLong', params: { n: 200 } };
  const check = checkDefinition(ctx.db, viewer.locale, input.definition);
  if (!check.ok) Object.assign(errors, check.errors);
  const roleIds = q.existingRoleIds(ctx.db, input.roleIds);
  if (roleIds.length !== new Set(input.roleIds).size) errors.roles = { key: 'validation.invalid' };
  if (Object.keys(errors).length || !check.ok) throw new ValidationError(errors);
  return { definition: check.definition, roleIds };
}

export function createSaved(ctx: AppContext, user: CurrentUser, input: SaveInput, viewer: Viewer): number {
  assertMayReports(user);
  const { definition, roleIds } = checked(ctx, input, viewer);
  return q.insertSavedReport(ctx.db, { name: input.name.trim(), ownerId: user.id, definition: JSON.stringify(definition), now: ctx.clock.now() }, roleIds);
}

export function updateSaved(ctx: AppContext, user: CurrentUser, id: number, input: SaveInput, viewer: Viewer): void {
  editableSaved(ctx, user, id, viewer);
  const { definition, roleIds } = checked(ctx, input, viewer);
  q.updateSavedReport(ctx.db, id, { name: input.name.trim(), definition: JSON.stringify(definition), now: ctx.clock.now() }, roleIds);
}

export function deleteSaved(ctx: AppContext, user: CurrentUser, id: number, viewer: Viewer): string {
  const saved = editableSaved(ctx, user, id, viewer);
  q.deleteSavedReport(ctx.db, id);
  return saved.row.name;
}
