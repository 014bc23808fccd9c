import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { departments, userDepartments, users } from '../../db/schema/index.js';

export type DepartmentRow = typeof departments.$inferSelect;

export function allDepartments(db: Db): DepartmentRow[] {
  return db.select().from(departments).orderBy(asc(departments.name)).all();
}

export function findDepartment(db: Db, id: number): DepartmentRow | null {
  return db.select().from(departments).where(eq(departments.id, id)).get() ?? null;
}

export function insertDepartment(db: Db, values: typeof departments.$inferInsert): DepartmentRow {
  return db.insert(departments).values(values).returning().get();
}

export function updateDepartment(db: Db, id: number, changes: Partial<typeof departments.$inferInsert>): void {
  db.update(departments).set(changes).where(eq(departments.id, id)).run();
}

export function deleteDepartment(db: Db, id: number): void {
  db.delete(departments).where(eq(departments.id, id)).run();
}

export function childCount(db: Db, id: number): number {
  return db.select({ n: sql<number>`count(*)` }).from(departments).where(eq(departments.parentId, id)).get()!.n;
}

export function memberCount(db: Db, id: number): number {
  return db.select({ n: sql<number>`count(*)` }).from(userDepartments).where(eq(userDepartments.departmentId, id)).get()!.n;
}

/** Members of every department, for the tree page: department id → names. */
export function membersByDepartment(db: Db): Map<number, { id: number; fullName: string; isActive: boolean }[]> {
  const rows = db
    .select({ departmentId: userDepartments.departmentId, id: users.id, fullName: users.fullName, isActive: users.isActive })
    .from(userDepartments)
    .innerJoin(users, eq(users.id, userDepartments.userId))
    .orderBy(asc(users.fullName))
    .all();
  const out = new Map<number, { id: number; fullName: string; isActive: boolean }[]>();
  for (const r of rows) {
    const list = out.get(r.departmentId) ?? [];
    list.push({ id: r.id, fullName: r.fullName, isActive: r.isActive });
    out.set(r.departmentId, list);
  }
  return out;
}
