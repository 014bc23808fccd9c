import type { AppContext } from '../../context.js';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { findUser } from '../users/queries.js';
import type { DepartmentInput } from './form.js';
import * as q from './queries.js';
import { subtreeIds } from '../../platform/tree.js';

function check(ctx: AppContext, input: DepartmentInput, id?: number): void {
  const errors: FieldErrors = {};
  if (input.parentId !== null) {
    if (!q.findDepartment(ctx.db, input.parentId)) errors.parentId = { key: 'validation.invalid' };
    // A department cannot move under itself or one of its own sub-departments.
    else if (id !== undefined && subtreeIds(q.allDepartments(ctx.db), id).has(input.parentId)) {
      errors.parentId = { key: 'departments.error.cycle' };
    }
  }
  if (input.headUserId !== null) {
    const head = findUser(ctx.db, input.headUserId);
    if (!head || !head.isActive) errors.headUserId = { key: 'validation.invalid' };
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

export function createDepartment(ctx: AppContext, input: DepartmentInput): q.DepartmentRow {
  check(ctx, input);
  return q.insertDepartment(ctx.db, { ...input, createdAt: ctx.clock.now() });
}

export function updateDepartment(ctx: AppContext, id: number, input: DepartmentInput): void {
  if (!q.findDepartment(ctx.db, id)) throw new NotFoundError();
  check(ctx, input, id);
  q.updateDepartment(ctx.db, id, input);
}

/** Only an empty department goes: no sub-departments and no members. */
export function deleteDepartment(ctx: AppContext, id: number): void {
  if (!q.findDepartment(ctx.db, id)) throw new NotFoundError();
  ctx.sqlite.transaction(() => {
    if (q.childCount(ctx.db, id) > 0) throw new ConflictError('departments.error.hasChildren');
    if (q.memberCount(ctx.db, id) > 0) throw new ConflictError('departments.error.hasMembers');
    q.deleteDepartment(ctx.db, id);
  })();
}
