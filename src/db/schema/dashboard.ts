import { sqliteTable, text, integer, primaryKey } from 'drizzle-orm/sqlite-core';
import { users } from './users.js';

/**
 * A user's home-page dashboard. The row says the user has chosen their widgets (possibly none): until
 * then a head or director sees the default set (features/dashboard/service.ts) and a manager none.
 */
export const dashboards = sqliteTable('dashboards', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  updatedAt: integer('updated_at').notNull(),
});

/** The widgets in their order: a standard report (features/reports/model.ts reportKeys) over a period. */
export const dashboardWidgets = sqliteTable(
  'dashboard_widgets',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => dashboards.userId, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    report: text('report').notNull(),
    /** month | quarter | year | days30 (features/dashboard/period.ts) */
    period: text('period').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.position] })],
);
