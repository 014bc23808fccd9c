import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { roles, userRoles } from '../../db/schema/index.js';

export type RoleRow = typeof roles.$inferSelect;

export function findRole(db: Db, id: number): RoleRow | null {
  return db.select().from(roles).where(eq(roles.id, id)).get() ?? null;
}

/** Roles with how many users hold each. */
export function rolesWithCounts(db: Db): (RoleRow & { users: number })[] {
  return db
    .select({ role: roles, users: sql<number>`(SELECT count(*) FROM ${userRoles} WHERE ${userRoles.roleId} = ${roles.id})` })
    .from(roles)
    .orderBy(asc(roles.id))
    .all()
    .map((r) => ({ ...r.role, users: r.users }));
}

export function insertRole(db: Db, name: string, now: number): RoleRow {
  return db.insert(roles).values({ name, createdAt: now }).returning().get();
}

export function renameRole(db: Db, id: number, name: string): void {
  db.update(roles).set({ name }).where(eq(roles.id, id)).run();
}

export function deleteRole(db: Db, id: number): void {
  db.delete(roles).where(eq(roles.id, id)).run();
}

export function holderCount(db: Db, id: number): number {
  return db.select({ n: sql<number>`count(*)` }).from(userRoles).where(eq(userRoles.roleId, id)).get()!.n;
}
