import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connection.js';
import { prepared } from '../../../db/prepared.js';
import { listSettings, listViews } from '../../../db/schema/index.js';
import type { ListEntity } from './spec.js';

/**
 * Saved views and column choices: every query is bound to the owner, so another's view is "not found".
 * The reads run on every list page and are prepared once (db/prepared.ts).
 */
export type ViewRow = typeof listViews.$inferSelect;

const owner = and(eq(listViews.userId, sql.placeholder('userId')), eq(listViews.entity, sql.placeholder('entity')));

export function viewsOf(db: Db, userId: number, entity: ListEntity): ViewRow[] {
  return prepared(db, 'lists.views', () => db.select().from(listViews).where(owner).orderBy(asc(listViews.name), asc(listViews.id)).prepare()).all({ userId, entity });
}

export function findOwnView(db: Db, userId: number, entity: ListEntity, id: number): ViewRow | null {
  return prepared(db, 'lists.view', () => db.select().from(listViews).where(and(eq(listViews.id, sql.placeholder('id')), owner)).prepare()).get({ id, userId, entity }) ?? null;
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

export function settingsOf(db: Db, userId: number, entity: ListEntity) {
  return (
    prepared(db, 'lists.settings', () =>
      db
        .select()
        .from(listSettings)
        .where(and(eq(listSettings.userId, sql.placeholder('userId')), eq(listSettings.entity, sql.placeholder('entity'))))
        .prepare(),
    ).get({ userId, entity }) ?? null
  );
}

/** Sets what is given (the columns, the default view) and keeps the rest. */
export function saveSettings(db: Db, userId: number, entity: ListEntity, values: { columns: string | null } | { defaultViewId: number | null }): void {
  db.insert(listSettings).values({ userId, entity, ...values }).onConflictDoUpdate({ target: [listSettings.userId, listSettings.entity], set: values }).run();
}
