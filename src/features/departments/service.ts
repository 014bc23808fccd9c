import type { AppContext } from '../../context.js';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { audit, type Actor } from '../../platform/audit.js';
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

const nobody: Actor = { userId: null, ip: null };

/** How the audit log names a department's parent and head: by name, "—" for none. */
function named(ctx: AppContext, d: DepartmentInput): Record<string, string> {
  return {
    name: d.name,
    parent: (d.parentId !== null ? q.findDepartment(ctx.db, d.parentId)?.name : null) ?? '—',
    head: (d.headUserId !== null ? findUser(ctx.db, d.headUserId)?.fullName : null) ?? '—',
  };
}

/** The tree decides the "department" scopes, so each change of it is in the audit log. */
export function createDepartment(ctx: AppContext, input: DepartmentInput, actor: Actor = nobody): q.DepartmentRow {
  check(ctx, input);
  return ctx.sqlite.transaction(() => {
    const dept = q.insertDepartment(ctx.db, { ...input, createdAt: ctx.clock.now() });
    audit(ctx.db, actor, 'department.created', ctx.clock.now(), { id: dept.id, ...named(ctx, input) });
    return dept;
  })();
}

export function updateDepartment(ctx: AppContext, id: number, input: DepartmentInput, actor: Actor = nobody): void {
  const before = q.findDepartment(ctx.db, id);
  if (!before) throw new NotFoundError();
  check(ctx, input, id);
  const [was, now] = [named(ctx, before), named(ctx, input)];
  const changed = Object.keys(now).filter((k) => was[k] !== now[k]).map((k) => `${k}: ${was[k]} → ${now[k]}`);
  ctx.sqlite.transaction(() => {
    q.updateDepartment(ctx.db, id, input);
    if (changed.length) audit(ctx.db, actor, 'department.updated', ctx.clock.now(), { id, name: input.name, changed });
  })();
}

/** Only an empty department goes: no sub-departments and no members. */
export function deleteDepartment(ctx: AppContext, id: number, actor: Actor = nobody): void {
  const dept = q.findDepartment(ctx.db, id);
  if (!dept) throw new NotFoundError();
  ctx.sqlite.transaction(() => {
    if (q.childCount(ctx.db, id) > 0) throw new ConflictError('departments.error.hasChildren');
    if (q.memberCount(ctx.db, id) > 0) throw new ConflictError('departments.error.hasMembers');
    q.deleteDepartment(ctx.db, id);
    audit(ctx.db, actor, 'department.deleted', ctx.clock.now(), { id, name: dept.name });
  })();
}
