import type { AppContext } from '../../context.js';
import { audit, type Actor } from '../../platform/audit.js';
import { noRights, type Rights } from '../../platform/access/model.js';
import { roleRights, writeRoleRights } from '../../platform/access/queries.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import type { RoleInput } from './form.js';
import * as q from './queries.js';

/** The Administrator role always has every right, so the installation cannot lock itself out. */
function assertEditable(role: q.RoleRow): void {
  if (role.code === 'admin') throw new ConflictError('roles.error.adminFixed');
}

export function createRole(ctx: AppContext, actor: Actor, input: { name: string; copyFrom: number | null }): q.RoleRow {
  const source = input.copyFrom === null ? null : q.findRole(ctx.db, input.copyFrom);
  if (input.copyFrom !== null && !source) throw new ValidationError({ copyFrom: { key: 'validation.invalid' } });
  const rights: Rights = source ? roleRights(ctx.db, source.id) : noRights;
  return ctx.sqlite.transaction(() => {
    const role = q.insertRole(ctx.db, input.name, ctx.clock.now());
    writeRoleRights(ctx.db, role.id, rights);
    audit(ctx.db, actor, 'role.created', ctx.clock.now(), { id: role.id, name: role.name, copiedFrom: source?.id ?? null });
    return role;
  })();
}

/** Renames a role and replaces its rights; takes effect on every holder's next request. */
export function updateRole(ctx: AppContext, actor: Actor, id: number, input: RoleInput): void {
  const role = q.findRole(ctx.db, id);
  if (!role) throw new NotFoundError();
  assertEditable(role);
  const before = roleRights(ctx.db, id);
  ctx.sqlite.transaction(() => {
    q.renameRole(ctx.db, id, input.name);
    const mayExchange = input.mayExchange ?? before.mayExchange;
    writeRoleRights(ctx.db, id, { matrix: input.m, maySettings: input.maySettings, mayEditCatalog: input.mayEditCatalog, mayEditForms: input.mayEditForms ?? false, mayExchange });
    const changed: string[] = [];
    for (const [entity, row] of Object.entries(input.m)) {
      for (const [action, scope] of Object.entries(row)) {
        const old = before.matrix[entity as keyof typeof before.matrix][action as keyof typeof row];
        if (old !== scope) changed.push(`${entity}.${action}: ${old} → ${scope}`);
      }
    }
    if (before.maySettings !== input.maySettings) changed.push(`settings: ${before.maySettings} → ${input.maySettings}`);
    if (before.mayEditCatalog !== input.mayEditCatalog) changed.push(`catalog: ${before.mayEditCatalog} → ${input.mayEditCatalog}`);
    if (before.mayEditForms !== (input.mayEditForms ?? false)) changed.push(`forms: ${before.mayEditForms} → ${input.mayEditForms ?? false}`);
    if (before.mayExchange !== mayExchange) changed.push(`exchange: ${before.mayExchange} → ${mayExchange}`);
    audit(ctx.db, actor, 'role.updated', ctx.clock.now(), { id, name: input.name, ...(role.name !== input.name ? { renamedFrom: role.name } : {}), changed });
  })();
}

/** Seeded roles stay (they would come back at the next start); others go when nobody holds them. */
export function deleteRole(ctx: AppContext, actor: Actor, id: number): void {
  const role = q.findRole(ctx.db, id);
  if (!role) throw new NotFoundError();
  if (role.code) throw new ConflictError('roles.error.seeded');
  ctx.sqlite.transaction(() => {
    const holders = q.holderCount(ctx.db, id);
    if (holders > 0) throw new ConflictError('roles.error.assigned', { n: holders });
    q.deleteRole(ctx.db, id);
    audit(ctx.db, actor, 'role.deleted', ctx.clock.now(), { id, name: role.name });
  })();
}
