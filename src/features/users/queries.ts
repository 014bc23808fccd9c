import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { departments, roles, userDepartments, userRoles, users } from '../../db/schema/index.js';
import { memo } from '../../db/memo.js';

export type UserRow = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export function findUserByEmail(db: Db, email: string): UserRow | null {
  return db.select().from(users).where(eq(users.email, email.toLowerCase())).get() ?? null;
}

export function findUser(db: Db, id: number): UserRow | null {
  return db.select().from(users).where(eq(users.id, id)).get() ?? null;
}

export function insertUser(db: Db, user: NewUser): UserRow {
  return db.insert(users).values(user).returning().get();
}

export function updateUser(db: Db, id: number, changes: Partial<NewUser>): void {
  db.update(users).set(changes).where(eq(users.id, id)).run();
}

export function setUserRoles(db: Db, userId: number, roleIds: number[]): void {
  db.delete(userRoles).where(eq(userRoles.userId, userId)).run();
  for (const roleId of roleIds) db.insert(userRoles).values({ userId, roleId }).run();
}

export function setUserDepartments(db: Db, userId: number, departmentIds: number[]): void {
  db.delete(userDepartments).where(eq(userDepartments.userId, userId)).run();
  for (const departmentId of departmentIds) db.insert(userDepartments).values({ userId, departmentId }).run();
}

export function roleIdsOf(db: Db, userId: number): number[] {
  return db.select({ id: userRoles.roleId }).from(userRoles).where(eq(userRoles.userId, userId)).all().map((r) => r.id);
}

export function departmentIdsOf(db: Db, userId: number): number[] {
  return db
    .select({ id: userDepartments.departmentId })
    .from(userDepartments)
    .where(eq(userDepartments.userId, userId))
    .all()
    .map((r) => r.id);
}

export function roleByCode(db: Db, code: string) {
  return db.select().from(roles).where(eq(roles.code, code)).get() ?? null;
}

export function allRoles(db: Db) {
  return db.select().from(roles).orderBy(asc(roles.id)).all();
}

export function existingIds(db: Db, table: typeof roles | typeof departments, ids: number[]): number[] {
  if (ids.length === 0) return [];
  return db.select({ id: table.id }).from(table).where(inArray(table.id, ids)).all().map((r) => r.id);
}

export interface UserListRow extends UserRow {
  roleIds: number[];
  departmentIds: number[];
}

/** Users for the administration list, filtered by status and a name/e-mail fragment. */
export function listUsers(db: Db, filter: { status: 'active' | 'inactive' | 'all'; q: string }): UserListRow[] {
  const conditions = [];
  if (filter.status !== 'all') conditions.push(eq(users.isActive, filter.status === 'active'));
  if (filter.q) {
    const pattern = `%${filter.q.toLocaleLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(sql`casefold(${users.fullName}) LIKE ${pattern} ESCAPE '\\'`, sql`${users.email} LIKE ${pattern} ESCAPE '\\'`));
  }
  const rows = db
    .select()
    .from(users)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(users.fullName))
    .all();
  const ids = rows.map((r) => r.id);
  const roleLinks = ids.length ? db.select().from(userRoles).where(inArray(userRoles.userId, ids)).all() : [];
  const deptLinks = ids.length ? db.select().from(userDepartments).where(inArray(userDepartments.userId, ids)).all() : [];
  return rows.map((r) => ({
    ...r,
    roleIds: roleLinks.filter((l) => l.userId === r.id).map((l) => l.roleId),
    departmentIds: deptLinks.filter((l) => l.userId === r.id).map((l) => l.departmentId),
  }));
}

export function activeUsers(db: Db) {
  return memo(db, 'users.active', () => db.select({ id: users.id, fullName: users.fullName }).from(users).where(eq(users.isActive, true)).orderBy(asc(users.fullName)).all());
}

/** Everyone, active or not: filters over history need former colleagues too. */
export function allUsers(db: Db) {
  return db.select({ id: users.id, fullName: users.fullName }).from(users).orderBy(asc(users.fullName)).all();
}
