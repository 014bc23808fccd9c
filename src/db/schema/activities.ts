import { sqliteTable, text, integer, primaryKey, index } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { users } from './users.js';

/**
 * Calls, meetings, tasks, e-mails and notes. Planned while doneAt is null (Actions), done once it is
 * set (Journal). `dueAt` is the deadline of a task, the time of a call, the start of a meeting.
 * The record the activity was added on is kept as entity/entityId (its title is what an assignee who
 * cannot read the record still sees); every record it belongs to is in activity_bindings.
 */
export const activities = sqliteTable(
  'activities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** call | meeting | task | email | note */
    type: text('type').notNull(),
    subject: text('subject').notNull(),
    description: text('description'),
    entity: text('entity').notNull(),
    entityId: integer('entity_id').notNull(),
    /** The responsible user; for a task, its assignee. */
    responsibleId: integer('responsible_id').notNull().references(() => users.id),
    dueAt: integer('due_at').notNull(),
    /** End of a meeting. */
    endAt: integer('end_at'),
    /** Calls: in | out. */
    direction: text('direction'),
    durationMin: integer('duration_min'),
    place: text('place'),
    participants: text('participants'),
    doneAt: integer('done_at'),
    doneBy: integer('done_by').references(() => users.id),
    result: text('result'),
    /** For a done call: reached (true) or not (false); a failed call of a repeat series makes the next one. */
    success: integer('success', { mode: 'boolean' }),
    /** Minutes before dueAt the reminder fires; null with remindAt set means a custom time. */
    remindBefore: integer('remind_before'),
    remindAt: integer('remind_at'),
    /** When the reminder job sent the reminder (each fires once); reminderLate: it fired after its minute had passed. */
    remindedAt: integer('reminded_at'),
    reminderLate: integer('reminder_late', { mode: 'boolean' }).notNull().default(false),
    /** "Call again every N hours/days until reached". */
    repeatEvery: integer('repeat_every'),
    /** hour | day */
    repeatUnit: text('repeat_unit'),
    /** The activity a repeat was made from. */
    repeatOf: integer('repeat_of'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('activities_responsible_due').on(t.responsibleId, t.dueAt),
    /** The manager activity report: done activities by person and type (the report's groups, in order) and day, from the index alone. */
    index('activities_report_done').on(t.responsibleId, t.type, t.doneAt).where(sql`done_at IS NOT NULL`),
    index('activities_due_reminders').on(t.remindAt).where(sql`reminded_at IS NULL AND done_at IS NULL AND remind_at IS NOT NULL`),
  ],
);

/** The records an activity belongs to: an activity on a deal also belongs to its contact and company. */
export const activityBindings = sqliteTable(
  'activity_bindings',
  {
    activityId: integer('activity_id').notNull().references(() => activities.id, { onDelete: 'cascade' }),
    entity: text('entity').notNull(),
    entityId: integer('entity_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.entity, t.entityId] }), index('activity_bindings_record').on(t.entity, t.entityId)],
);
