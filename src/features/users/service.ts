import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { deleteUserSessions } from '../../platform/auth/sessions.js';
import { hashPassword, passwordProblem, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../platform/auth/passwords.js';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { departments, roles } from '../../db/schema/index.js';
import type { Db } from '../../db/connection.js';
import * as q from './queries.js';
import { allDepartments } from '../departments/queries.js';
import { audit, type Actor } from '../../platform/audit.js';
import type { EditUserInput, NewUserInput } from './form.js';

/** A password rule failure as a field error, or null. */
export function passwordError(password: string, email?: string): FieldErrors[string] | null {
  switch (passwordProblem(password, email)) {
    case 'tooShort':
      return { key: 'validation.passwordTooShort', params: { n: MIN_PASSWORD_LENGTH } };
    case 'tooLong':
      return { key: 'validation.tooLong', params: { n: MAX_PASSWORD_LENGTH } };
    case 'tooCommon':
      return { key: 'validation.passwordTooCommon' };
    default:
      return null;
  }
}

function checkLinks(db: Db, input: { roleIds: number[]; departmentIds: number[] }, errors: FieldErrors): void {
  if (q.existingIds(db, roles, input.roleIds).length !== new Set(input.roleIds).size) errors.roleIds = { key: 'validation.invalid' };
  if (q.existingIds(db, departments, input.departmentIds).length !== new Set(input.departmentIds).size) {
    errors.departmentIds = { key: 'validation.invalid' };
  }
}

function activeAdminCount(db: Db): number {
  const admin = q.roleByCode(db, 'admin');
  if (!admin) return 0;
  return q.listUsers(db, { status: 'active', q: '' }).filter((u) => u.roleIds.includes(admin.id)).length;
}

export async function createUser(ctx: AppContext, actor: Actor, input: NewUserInput): Promise<q.UserRow> {
  const errors: FieldErrors = {};
  if (q.findUserByEmail(ctx.db, input.email)) errors.email = { key: 'validation.emailTaken' };
  const pw = passwordError(input.password, input.email);
  if (pw) errors.password = pw;
  checkLinks(ctx.db, input, errors);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock.now();
  return ctx.sqlite.transaction(() => {
    // Checked again inside the transaction: another request may have taken the address meanwhile.
    if (q.findUserByEmail(ctx.db, input.email)) throw new ValidationError({ email: { key: 'validation.emailTaken' } });
    const user = q.insertUser(ctx.db, {
      email: input.email,
      fullName: input.fullName,
      passwordHash,
      locale: input.locale,
      absentUntil: input.absentUntil,
      createdAt: now,
      updatedAt: now,
    });
    q.setUserRoles(ctx.db, user.id, [...new Set(input.roleIds)]);
    q.setUserDepartments(ctx.db, user.id, [...new Set(input.departmentIds)]);
    audit(ctx.db, actor, 'user.created', now, { id: user.id, email: user.email, roleIds: input.roleIds, departmentIds: input.departmentIds });
    return user;
  })();
}

/** A change of a user's roles or departments as the audit log shows it ("roles: manager → Couriers", seeded roles by their code); none when the set is the same. */
function nameChange(what: string, before: number[], after: number[], named: { id: number; name: string }[]): string[] {
  const names = (ids: number[]) => [...new Set(ids)].map((id) => named.find((n) => n.id === id)?.name ?? `#${id}`).sort().join(' + ') || '—';
  return names(before) === names(after) ? [] : [`${what}: ${names(before)} → ${names(after)}`];
}

export function updateUser(ctx: AppContext, actor: CurrentUser, from: Actor, id: number, input: EditUserInput): void {
  const user = q.findUser(ctx.db, id);
  if (!user) throw new NotFoundError();
  const errors: FieldErrors = {};
  const other = q.findUserByEmail(ctx.db, input.email);
  if (other && other.id !== id) errors.email = { key: 'validation.emailTaken' };
  checkLinks(ctx.db, input, errors);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  ctx.sqlite.transaction(() => {
    const admin = q.roleByCode(ctx.db, 'admin');
    const wasAdmin = admin ? q.roleIdsOf(ctx.db, id).includes(admin.id) : false;
    const staysAdmin = admin ? input.roleIds.includes(admin.id) : false;
    if (wasAdmin && !staysAdmin) {
      if (actor.id === id) throw new ValidationError({ roleIds: { key: 'users.error.ownAdminRole' } });
      if (user.isActive && activeAdminCount(ctx.db) <= 1) throw new ValidationError({ roleIds: { key: 'users.error.lastAdmin' } });
    }
    q.updateUser(ctx.db, id, {
      fullName: input.fullName,
      email: input.email,
      locale: input.locale,
      absentUntil: input.absentUntil,
      updatedAt: ctx.clock.now(),
    });
    const changed = [
      ...nameChange('roles', q.roleIdsOf(ctx.db, id), input.roleIds, q.allRoles(ctx.db)),
      ...nameChange('departments', q.departmentIdsOf(ctx.db, id), input.departmentIds, allDepartments(ctx.db)),
    ];
    q.setUserRoles(ctx.db, id, [...new Set(input.roleIds)]);
    q.setUserDepartments(ctx.db, id, [...new Set(input.departmentIds)]);
    audit(ctx.db, from, 'user.updated', ctx.clock.now(), { id, email: input.email, roleIds: input.roleIds, departmentIds: input.departmentIds, ...(changed.length ? { changed } : {}) });
  })();
}

/** Deactivation ends the user's sessions at once; the account and its name stay for history. */
export function setActive(ctx: AppContext, actor: CurrentUser, from: Actor, id: number, active: boolean): void {
  const user = q.findUser(ctx.db, id);
  if (!user) throw new NotFoundError();
  ctx.sqlite.transaction(() => {
    if (!active) {
      if (actor.id === id) throw new ConflictError('users.error.deactivateSelf');
      const admin = q.roleByCode(ctx.db, 'admin');
      if (admin && q.roleIdsOf(ctx.db, id).includes(admin.id) && activeAdminCount(ctx.db) <= 1) {
        throw new ConflictError('users.error.lastAdmin');
      }
      deleteUserSessions(ctx.db, id);
    }
    q.updateUser(ctx.db, id, { isActive: active, updatedAt: ctx.clock.now() });
    audit(ctx.db, from, active ? 'user.reactivated' : 'user.deactivated', ctx.clock.now(), { id, email: user.email });
  })();
}

/** An administrator sets a new password for someone; their sessions end so the old password stops working everywhere. */
export async function resetPassword(ctx: AppContext, actor: Actor, id: number, password: string): Promise<void> {
  const user = q.findUser(ctx.db, id);
  if (!user) throw new NotFoundError();
  const pw = passwordError(password, user.email);
  if (pw) throw new ValidationError({ password: pw });
  const passwordHash = await hashPassword(password);
  ctx.sqlite.transaction(() => {
    q.updateUser(ctx.db, id, { passwordHash, updatedAt: ctx.clock.now() });
    deleteUserSessions(ctx.db, id);
    audit(ctx.db, actor, 'user.passwordReset', ctx.clock.now(), { id, email: user.email });
  })();
}
