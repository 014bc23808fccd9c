import { sqliteTable, text, integer, primaryKey, index } from 'drizzle-orm/sqlite-core';

/**
 * Kanban column totals, kept by triggers on deals and leads (migration 0010) so a board reads a few
 * rows instead of aggregating every live record on each view. One row per column × responsible ×
 * "available to everyone" (× currency for deals): the rights condition of the access module applies
 * to these columns exactly as it does to the records, so each user's totals are those of the cards
 * they may see.
 */
export const dealTotals = sqliteTable(
  'deal_totals',
  {
    pipelineId: integer('pipeline_id').notNull(),
    stageId: integer('stage_id').notNull(),
    responsibleId: integer('responsible_id').notNull(),
    everyone: integer('everyone', { mode: 'boolean' }).notNull(),
    currency: text('currency').notNull(),
    count: integer('count').notNull(),
    amountMinor: integer('amount_minor').notNull(),
  },
  (t) => [primaryKey({ columns: [t.stageId, t.responsibleId, t.everyone, t.currency] }), index('deal_totals_board').on(t.pipelineId, t.stageId, t.currency, t.count, t.amountMinor)],
);

export const leadTotals = sqliteTable(
  'lead_totals',
  {
    statusId: integer('status_id').notNull(),
    responsibleId: integer('responsible_id').notNull(),
    everyone: integer('everyone', { mode: 'boolean' }).notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.statusId, t.responsibleId, t.everyone] })],
);
