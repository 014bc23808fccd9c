import { and, asc, eq, isNull, or } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { mailTemplates } from '../../db/schema/index.js';

export type TemplateRow = typeof mailTemplates.$inferSelect;

/** The shared templates and the user's own, shared first, by name. */
export function templatesFor(db: Db, userId: number): TemplateRow[] {
  return db
    .select()
    .from(mailTemplates)
    .where(or(isNull(mailTemplates.ownerId), eq(mailTemplates.ownerId, userId)))
    .orderBy(asc(mailTemplates.ownerId), asc(mailTemplates.name), asc(mailTemplates.id))
    .all();
}

export function findTemplate(db: Db, id: number): TemplateRow | null {
  return db.select().from(mailTemplates).where(eq(mailTemplates.id, id)).get() ?? null;
}

export function insertTemplate(db: Db, values: typeof mailTemplates.$inferInsert): TemplateRow {
  return db.insert(mailTemplates).values(values).returning().get();
}

export function updateTemplate(db: Db, id: number, values: Partial<typeof mailTemplates.$inferInsert>): void {
  db.update(mailTemplates).set(values).where(eq(mailTemplates.id, id)).run();
}

export function deleteTemplate(db: Db, id: number): void {
  db.delete(mailTemplates).where(and(eq(mailTemplates.id, id))).run();
}
