import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/connection.js';
import { listSettings, listViews } from '../../../db/schema/index.js';
import type { SearchEntity } from '../search.js';

/** Saved views and column choices: every query is bound to the owner, so another's view is "not found". */
export type ViewRow = typeof listViews.$inferSelect;

export function viewsOf(db: Db, userId: number, entity: SearchEntity): ViewRow[] {
  return db.select().from(listViews).where(and(eq(listViews.userId, userId), eq(listViews.entity, entity))).orderBy(asc(listViews.name), asc(listViews.id)).all();
}

export function findOwnView(db: Db, userId: number, entity: SearchEntity, id: number): ViewRow | null {
  return db.select().from(listViews).where(and(eq(listViews.id, id), eq(listViews.userId, userId), eq(listViews.entity, entity))).get() ?? null;
}

export function insertView(db: Db, values: typeof listViews.$inferInsert): ViewRow {
  return db.insert(listViews).values(values).returning().get();
}

export function updateView(db: Db, id: number, values: Partial<Pick<ViewRow, 'name' | 'columns'>>): void {
  db.update(listViews).set(values).where(eq(listViews.id, id)).run();
}

export function deleteView(db: Db, id: number): void {
  db.update(listSettings).set({ defaultViewId: null }).where(eq(listSettings.defaultViewId, id)).run();
  db.delete(listViews).where(eq(listViews.id, id)).run();
}

export function settingsOf(db: Db, userId: number, entity: SearchEntity) {
  return db.select().from(listSettings).where(and(eq(listSettings.userId, userId), eq(listSettings.entity, entity))).get() ?? null;
}

/** Sets what is given (the columns, the default view) and keeps the rest. */
export function saveSettings(db: Db, userId: number, entity: SearchEntity, values: { columns: string | null } | { defaultViewId: number | null }): void {
  db.insert(listSettings).values({ userId, entity, ...values }).onConflictDoUpdate({ target: [listSettings.userId, listSettings.entity], set: values }).run();
}
