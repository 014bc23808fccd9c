import { eq, inArray, sql } from 'drizzle-orm';
import { prepared } from '../../db/prepared.js';
import type { Db } from '../../db/connection.js';
import { departments, rolePermissions, roles, userDepartments, userRoles } from '../../db/schema/index.js';
import { subtreeIds } from '../tree.js';
import { filledMatrix, isScope, widest, type Action, type Entity, type Matrix, type Rights } from './model.js';
import { memo } from '../../db/memo.js';

/** A role's own matrix, cells without a row being "none". */
export function roleRights(db: Db, roleId: number): Rights {
  const role = db.select().from(roles).where(eq(roles.id, roleId)).get();
  const cells = db.select().from(rolePermissions).where(eq(rolePermissions.roleId, roleId)).all();
  const matrix: Matrix = filledMatrix(() => 'none');
  for (const c of cells) if (isScope(c.scope) && c.entity in matrix) matrix[c.entity as Entity][c.action as Action] = c.scope;
  return { matrix, maySettings: role?.maySettings ?? false, mayEditCatalog: role?.mayEditCatalog ?? false, mayEditForms: role?.mayEditForms ?? false, mayExchange: role?.mayExchange ?? false };
}

/** The union of the rights of a user's roles. */
export function userRights(db: Db, userId: number): Rights {
  return memo(db, `rights.${userId}`, () => readRights(db, userId));
}

function readRights(db: Db, userId: number): Rights {
  const roleRows = prepared(db, 'rights.roles', () =>
    db
      .select({ id: roles.id, maySettings: roles.maySettings, mayEditCatalog: roles.mayEditCatalog, mayEditForms: roles.mayEditForms, mayExchange: roles.mayExchange })
      .from(userRoles)
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .where(eq(userRoles.userId, sql.placeholder('userId')))
      .prepare(),
  ).all({ userId });
  const matrix: Matrix = filledMatrix(() => 'none');
  if (roleRows.length) {
    const cells = prepared(db, 'rights.cells', () =>
      db
        .select({ entity: rolePermissions.entity, action: rolePermissions.action, scope: rolePermissions.scope })
        .from(rolePermissions)
        .innerJoin(userRoles, eq(userRoles.roleId, rolePermissions.roleId))
        .where(eq(userRoles.userId, sql.placeholder('userId')))
        .prepare(),
    ).all({ userId });
    for (const c of cells) {
      if (isScope(c.scope) && c.entity in matrix) {
        const row = matrix[c.entity as Entity];
        row[c.action as Action] = widest(row[c.action as Action], c.scope);
      }
    }
  }
  return { matrix, maySettings: roleRows.some((r) => r.maySettings), mayEditCatalog: roleRows.some((r) => r.mayEditCatalog), mayEditForms: roleRows.some((r) => r.mayEditForms), mayExchange: roleRows.some((r) => r.mayExchange) };
}

export function writeRoleRights(db: Db, roleId: number, rights: Rights): void {
  db.delete(rolePermissions).where(eq(rolePermissions.roleId, roleId)).run();
  for (const [entity, row] of Object.entries(rights.matrix)) {
    for (const [action, scope] of Object.entries(row)) db.insert(rolePermissions).values({ roleId, entity, action, scope }).run();
  }
  db.update(roles).set({ maySettings: rights.maySettings, mayEditCatalog: rights.mayEditCatalog, mayEditForms: rights.mayEditForms, mayExchange: rights.mayExchange }).where(eq(roles.id, roleId)).run();
}

export function hasRights(db: Db, roleId: number): boolean {
  return db.select({ r: rolePermissions.roleId }).from(rolePermissions).where(eq(rolePermissions.roleId, roleId)).limit(1).all().length > 0;
}

/** Ids of the users in the given user's departments, optionally with every sub-department below them. */
export function colleagueIds(db: Db, userId: number, withSubdepartments: boolean): number[] {
  return memo(db, `colleagues.${userId}.${withSubdepartments}`, () => readColleagueIds(db, userId, withSubdepartments));
}

function readColleagueIds(db: Db, userId: number, withSubdepartments: boolean): number[] {
  const mine = db.select({ id: userDepartments.departmentId }).from(userDepartments).where(eq(userDepartments.userId, userId)).all().map((r) => r.id);
  const deptIds = new Set(mine);
  if (withSubdepartments && mine.length) {
    const all = db.select({ id: departments.id, parentId: departments.parentId, name: departments.name }).from(departments).all();
    for (const id of mine) for (const below of subtreeIds(all, id)) deptIds.add(below);
  }
  if (deptIds.size === 0) return [userId];
  const ids = db.select({ id: userDepartments.userId }).from(userDepartments).where(inArray(userDepartments.departmentId, [...deptIds])).all().map((r) => r.id);
  return [...new Set([userId, ...ids])];
}
