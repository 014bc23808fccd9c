import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import { prepared } from '../../db/prepared.js';
import { activities, activityBindings, companies, contacts, deals, leads, users } from '../../db/schema/index.js';
import type { BoundEntity } from '../../platform/access/activities.js';

export type ActivityRow = typeof activities.$inferSelect;

export function findActivity(db: Db, id: number): ActivityRow | null {
  return db.select().from(activities).where(eq(activities.id, id)).get() ?? null;
}

export function insertActivity(db: Db, values: typeof activities.$inferInsert, bindings: { entity: BoundEntity; entityId: number }[]): ActivityRow {
  const row = db.insert(activities).values(values).returning().get();
  for (const b of bindings) db.insert(activityBindings).values({ activityId: row.id, ...b }).onConflictDoNothing().run();
  return row;
}

export function updateActivity(db: Db, id: number, values: Partial<typeof activities.$inferInsert>): ActivityRow {
  return db.update(activities).set(values).where(eq(activities.id, id)).returning().get()!;
}

/** Binds every activity of one record also to other records (a converted lead's to what it became). */
export function bindAlso(db: Db, from: { entity: BoundEntity; entityId: number }, to: { entity: BoundEntity; entityId: number }[]): void {
  const ids = db
    .select({ id: activityBindings.activityId })
    .from(activityBindings)
    .where(and(eq(activityBindings.entity, from.entity), eq(activityBindings.entityId, from.entityId)))
    .all();
  for (const { id } of ids) for (const b of to) db.insert(activityBindings).values({ activityId: id, ...b }).onConflictDoNothing().run();
}

/** The bindings of several activities at once, by activity. */
export function bindingsOfEach(db: Db, activityIds: number[]): Map<number, { entity: BoundEntity; entityId: number }[]> {
  const out = new Map<number, { entity: BoundEntity; entityId: number }[]>();
  if (activityIds.length === 0) return out;
  const rows = db.all<{ activityId: number; entity: BoundEntity; entityId: number }>(
    sql`SELECT activity_id AS activityId, entity, entity_id AS entityId FROM activity_bindings WHERE activity_id IN (SELECT value FROM json_each(${JSON.stringify(activityIds)})) ORDER BY activity_id, entity, entity_id`,
  );
  for (const r of rows) {
    const list = out.get(r.activityId) ?? [];
    list.push({ entity: r.entity, entityId: r.entityId });
    out.set(r.activityId, list);
  }
  return out;
}

export function bindingsOf(db: Db, activityId: number): { entity: BoundEntity; entityId: number }[] {
  return bindingsOfEach(db, [activityId]).get(activityId) ?? [];
}

const responsible = alias(users, 'responsible');
const listed = { activity: activities, responsibleName: responsible.fullName };

/** Every activity bound to one record: the record page's Actions and Journal. */
export function activitiesOfRecord(db: Db, entity: BoundEntity, entityId: number) {
  return prepared(db, 'activities.ofRecord', () =>
    db
      .select(listed)
      .from(activityBindings)
      .innerJoin(activities, eq(activities.id, activityBindings.activityId))
      .innerJoin(responsible, eq(responsible.id, activities.responsibleId))
      .where(and(eq(activityBindings.entity, sql.placeholder('entity')), eq(activityBindings.entityId, sql.placeholder('entityId'))))
      .orderBy(asc(activities.dueAt), asc(activities.id))
      .prepare(),
  ).all({ entity, entityId });
}

/** Planned activities of some users up to a time (overdue included), soonest first. */
export function plannedOf(db: Db, options: { responsibleIds: number[]; before: number; visible: SQL | undefined; limit: number }) {
  return db
    .select(listed)
    .from(activities)
    .innerJoin(responsible, eq(responsible.id, activities.responsibleId))
    .where(and(inArray(activities.responsibleId, options.responsibleIds), isNull(activities.doneAt), lt(activities.dueAt, options.before), options.visible))
    .orderBy(asc(activities.dueAt), asc(activities.id))
    .limit(options.limit)
    .all();
}

/** Calendar items of one user between two times: planned and done calls, meetings and tasks. */
export function calendarOf(db: Db, options: { responsibleId: number; from: number; to: number; visible: SQL | undefined }) {
  return db
    .select(listed)
    .from(activities)
    .innerJoin(responsible, eq(responsible.id, activities.responsibleId))
    .where(
      and(
        eq(activities.responsibleId, options.responsibleId),
        inArray(activities.type, ['call', 'meeting', 'task']),
        gte(activities.dueAt, options.from),
        lt(activities.dueAt, options.to),
        options.visible,
      ),
    )
    .orderBy(asc(activities.dueAt), asc(activities.id))
    .all();
}

/** Reminders due by now that have not fired: planned activities only. */
export function dueReminders(db: Db, now: number, limit: number) {
  return db
    .select()
    .from(activities)
    .where(and(isNotNull(activities.remindAt), lte(activities.remindAt, now), isNull(activities.remindedAt), isNull(activities.doneAt)))
    .orderBy(asc(activities.remindAt), asc(activities.id))
    .limit(limit)
    .all();
}

/** Marks a reminder as fired unless another run already did; true when this call marked it. */
export function markReminded(db: Db, id: number, at: number, late: boolean): boolean {
  return db.update(activities).set({ remindedAt: at, reminderLate: late }).where(and(eq(activities.id, id), isNull(activities.remindedAt))).run().changes === 1;
}

/** The title of a record as shown in lists, whether or not the reader may open it. */
export function recordTitle(db: Db, entity: BoundEntity, id: number): string | null {
  switch (entity) {
    case 'deal':
      return db.select({ t: deals.title }).from(deals).where(eq(deals.id, id)).get()?.t ?? null;
    case 'lead':
      return db.select({ t: leads.title }).from(leads).where(eq(leads.id, id)).get()?.t ?? null;
    case 'contact':
      return db.select({ t: contacts.fullName }).from(contacts).where(eq(contacts.id, id)).get()?.t ?? null;
    case 'company':
      return db.select({ t: companies.title }).from(companies).where(eq(companies.id, id)).get()?.t ?? null;
  }
}
