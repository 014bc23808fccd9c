import { sqliteTable, text, integer, primaryKey, index } from 'drizzle-orm/sqlite-core';
import { roles, users } from './users.js';

/**
 * Reports made in the report builder (features/reports/builder). The definition is JSON text
 * (builder/definition.ts) checked against the current fields every time it is read, so a report
 * that names a custom field removed since says so instead of failing. The figures are always
 * computed within the viewer's own rights, never the owner's.
 */
export const savedReports = sqliteTable(
  'saved_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    ownerId: integer('owner_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    definition: text('definition').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('saved_reports_owner').on(t.ownerId)],
);

/** The roles a saved report is shared with: their users see it in their list of reports. */
export const savedReportRoles = sqliteTable(
  'saved_report_roles',
  {
    reportId: integer('report_id').notNull().references(() => savedReports.id, { onDelete: 'cascade' }),
    roleId: integer('role_id').notNull().references(() => roles.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.roleId] }), index('saved_report_roles_role').on(t.roleId)],
);
