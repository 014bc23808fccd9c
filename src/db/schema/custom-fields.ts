import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Custom field definitions (DESIGN.md, "Data"): the admin defines them per entity; the values live in
 * each record's `custom` JSON column under the definition's code. The code is fixed at creation and
 * unique per entity; a field that holds values can only be deactivated, so a code with values is never
 * reused. List options carry their own ids (`[{ id, label }]` as JSON): renaming an option keeps values.
 */
export const customFields = sqliteTable(
  'custom_fields',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** lead | contact | company | deal */
    entity: text('entity').notNull(),
    code: text('code').notNull(),
    label: text('label').notNull(),
    /** string | text | number | money | date | datetime | boolean | list | multi | link */
    type: text('type').notNull(),
    required: integer('required', { mode: 'boolean' }).notNull().default(false),
    options: text('options').notNull().default('[]'),
    /** For links: user | contact | company. */
    target: text('target'),
    sort: integer('sort').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('custom_fields_code').on(t.entity, t.code), index('custom_fields_entity').on(t.entity, t.sort)],
);
