import { sqliteTable, text, integer, primaryKey, index } from 'drizzle-orm/sqlite-core';
import { roles, users } from './users.js';

/** One cell of a role's rights matrix: entity × action → scope (SPEC.md, "Access rights"). */
export const rolePermissions = sqliteTable(
  'role_permissions',
  {
    roleId: integer('role_id').notNull().references(() => roles.id, { onDelete: 'cascade' }),
    entity: text('entity').notNull(),
    action: text('action').notNull(),
    scope: text('scope').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roleId, t.entity, t.action] })],
);

/** What administrators need to see later: sign-ins, rights and user changes, exports and imports. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    /** Who did it; null for a failed sign-in with an unknown e-mail. */
    userId: integer('user_id').references(() => users.id),
    kind: text('kind').notNull(),
    ip: text('ip'),
    /** JSON with what the kind needs: the e-mail tried, the role renamed, the fields changed… */
    details: text('details'),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_kind_at').on(t.kind, t.at), index('audit_log_user_at').on(t.userId, t.at)],
);
