import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';
import { users } from './users.js';

/**
 * Round-robin rotations (src/platform/distribution.ts): per rotation key ("form:12", "1c:orders"…)
 * the user who was given work last, so the next one goes to whoever follows them.
 */
export const distributionState = sqliteTable('distribution_state', {
  key: text('key').primaryKey(),
  lastUserId: integer('last_user_id').references(() => users.id),
  updatedAt: integer('updated_at').notNull(),
});
