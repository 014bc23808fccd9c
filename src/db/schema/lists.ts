import { sqliteTable, text, integer, primaryKey, index } from 'drizzle-orm/sqlite-core';
import { users } from './users.js';

/**
 * Named list views, each one user's own: the list's query (quick search, filters, sort) as a query
 * string, and the columns in their order. Nobody else sees or opens them.
 */
export const listViews = sqliteTable(
  'list_views',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').notNull().references(() => users.id),
    /** lead | contact | company | deal */
    entity: text('entity').notNull(),
    name: text('name').notNull(),
    params: text('params').notNull(),
    /** A JSON array of field keys. */
    columns: text('columns').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('list_views_owner').on(t.userId, t.entity, t.name)],
);

/** Per user and list: the columns chosen outside any view, and the view opened by default. */
export const listSettings = sqliteTable(
  'list_settings',
  {
    userId: integer('user_id').notNull().references(() => users.id),
    entity: text('entity').notNull(),
    /** A JSON array of field keys, or null for the list's default columns. */
    columns: text('columns'),
    defaultViewId: integer('default_view_id').references(() => listViews.id, { onDelete: 'set null' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.entity] })],
);
