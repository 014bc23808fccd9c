import { and, asc, eq, max } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { customFields } from '../../db/schema/index.js';
import type { CustomEntity } from '../../platform/records/custom/definitions.js';

export function allDefinitionRows(db: Db) {
  return db.select().from(customFields).orderBy(asc(customFields.entity), asc(customFields.sort), asc(customFields.id)).all();
}

export function codeTaken(db: Db, entity: CustomEntity, code: string): boolean {
  return db.select({ id: customFields.id }).from(customFields).where(and(eq(customFields.entity, entity), eq(customFields.code, code))).get() !== undefined;
}

export function nextSort(db: Db, entity: CustomEntity): number {
  return (db.select({ m: max(customFields.sort) }).from(customFields).where(eq(customFields.entity, entity)).get()?.m ?? 0) + 10;
}

export function insertDefinition(db: Db, values: typeof customFields.$inferInsert) {
  return db.insert(customFields).values(values).returning().get();
}

export function updateDefinition(db: Db, id: number, values: Partial<typeof customFields.$inferInsert>): void {
  db.update(customFields).set(values).where(eq(customFields.id, id)).run();
}

export function deleteDefinition(db: Db, id: number): void {
  db.delete(customFields).where(eq(customFields.id, id)).run();
}
