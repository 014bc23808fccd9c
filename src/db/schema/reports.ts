import { sqliteTable, text, integer, primaryKey, index } from 'drizzle-orm/sqlite-core';
import { users } from './users.js';
import { deals } from './records.js';
import { stages } from './crm-settings.js';

/**
 * Every stage a deal has been in, with when it entered and left it (leftAt null: it is there now). Removing a stage (only possible with no deals in it) or a deal takes its rows along.
 * Written by triggers on deals (migration 0030), so every path that moves a deal — the form, the
 * kanban, bulk actions, 1C, the webhooks — is recorded; the funnel's "reached" and "time in stage"
 * read it. Deals made before it were filled in from their history's stage changes.
 */
export const dealStageChanges = sqliteTable(
  'deal_stage_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dealId: integer('deal_id').notNull().references(() => deals.id, { onDelete: 'cascade' }),
    stageId: integer('stage_id').notNull().references(() => stages.id, { onDelete: 'cascade' }),
    enteredAt: integer('entered_at').notNull(),
    leftAt: integer('left_at'),
  },
  // (deal, stage, times): the funnel reads a deal's stages and their times from the index alone.
  (t) => [index('deal_stage_changes_deal').on(t.dealId, t.stageId, t.enteredAt, t.leftAt)],
);

/** The filters a user last applied to each standard report (a query string), remembered for the next visit. */
export const reportFilters = sqliteTable(
  'report_filters',
  {
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    report: text('report').notNull(),
    params: text('params').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.report] })],
);
