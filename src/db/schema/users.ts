import { sqliteTable, text, integer, primaryKey, index, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Stored lower-cased; unique. */
    email: text('email').notNull().unique(),
    fullName: text('full_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    locale: text('locale').notNull(),
    /** Null means "the company's time zone". */
    timeZone: text('time_zone'),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    /** The user is away up to and including this day (YYYY-MM-DD); distribution rules skip them. */
    absentUntil: text('absent_until'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  // Lists sorted by the responsible walk users in name order (platform/records/list/fields.ts, "Through").
  (t) => [index('users_name').on(t.fullName, t.id)],
);

export const roles = sqliteTable('roles', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Seeded roles carry a code ("admin", "director", "head", "manager") and a translated name. */
  code: text('code').unique(),
  name: text('name').notNull(),
  /** May change settings (pipelines, fields, users, roles…): the administrator's right. */
  maySettings: integer('may_settings', { mode: 'boolean' }).notNull().default(false),
  mayEditCatalog: integer('may_edit_catalog', { mode: 'boolean' }).notNull().default(false),
  /** May build web forms and moderate their submissions (administrators always may). */
  mayEditForms: integer('may_edit_forms', { mode: 'boolean' }).notNull().default(false),
  /** May sign in to the 1C / online-store exchange endpoint (the user 1C is configured with). */
  mayExchange: integer('may_exchange', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
});

export const userRoles = sqliteTable(
  'user_roles',
  {
    userId: integer('user_id').notNull().references(() => users.id),
    roleId: integer('role_id').notNull().references(() => roles.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.roleId] }), index('user_roles_role').on(t.roleId)],
);

export const departments = sqliteTable(
  'departments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    parentId: integer('parent_id').references((): AnySQLiteColumn => departments.id),
    headUserId: integer('head_user_id').references(() => users.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('departments_parent').on(t.parentId)],
);

export const userDepartments = sqliteTable(
  'user_departments',
  {
    userId: integer('user_id').notNull().references(() => users.id),
    departmentId: integer('department_id').notNull().references(() => departments.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.departmentId] }), index('user_departments_department').on(t.departmentId)],
);
