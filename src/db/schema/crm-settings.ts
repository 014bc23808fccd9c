import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

/** Deal pipelines ("directions"): several per company, each with its own ordered stages. */
export const pipelines = sqliteTable(
  'pipelines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** The built-in pipeline's code ('sales'): its name is translated until renamed (platform/records/builtin.ts). */
    code: text('code'),
    sort: integer('sort').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  // Lists sorted by pipeline walk pipelines in their order (platform/records/list/fields.ts, "Through").
  (t) => [index('pipelines_sort').on(t.sort, t.id)],
);

/**
 * Stages of a pipeline. `semantics` is open, won or lost: a deal entering a won or lost stage is
 * closed. Open stages come first, then the one won stage, then the lost ones.
 */
export const stages = sqliteTable(
  'stages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    pipelineId: integer('pipeline_id').notNull().references(() => pipelines.id),
    name: text('name').notNull(),
    /** A built-in stage's code ('new', 'won'…): its name is translated until renamed; null for one an admin added. */
    code: text('code'),
    color: text('color').notNull(),
    semantics: text('semantics').notNull(),
    sort: integer('sort').notNull(),
  },
  (t) => [index('stages_pipeline').on(t.pipelineId, t.sort)],
);

/** Lead statuses, configured like stages: open ones, one "converted", and junk ones. */
export const leadStatuses = sqliteTable('lead_statuses', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  /** A built-in status's code ('new', 'converted'…): its name is translated until renamed; null for one an admin added. */
  code: text('code'),
  color: text('color').notNull(),
  semantics: text('semantics').notNull(),
  sort: integer('sort').notNull(),
});

/** The admin-editable reference lists: lead sources, deal types, company types, industries, contact types. */
export const referenceItems = sqliteTable(
  'reference_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    list: text('list').notNull(),
    name: text('name').notNull(),
    /** A seeded item's code ('webform'): its name is translated until renamed; null for one an admin added. */
    code: text('code'),
    sort: integer('sort').notNull(),
  },
  (t) => [index('reference_items_list').on(t.list, t.sort), index('reference_items_name').on(t.name, t.id)],
);
