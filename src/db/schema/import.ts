import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { users } from './users.js';

/**
 * Imports of CSV/XLSX files into records (issue 18). A job is made when a file is uploaded (status
 * "draft": mapped and previewed), then runs in the background in batches; `position` is the number of
 * data rows whose batch has committed, written in the same transaction as the batch, so it always says
 * how far the records in the database go. A job found "running" at start was cut off by a restart and
 * becomes "interrupted".
 */
export const importJobs = sqliteTable(
  'import_jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entity: text('entity').notNull(),
    userId: integer('user_id').notNull().references(() => users.id),
    /** draft | running | done | cancelled | failed | interrupted */
    status: text('status').notNull(),
    /** The browser's file name, cleaned: for showing only. */
    fileName: text('file_name').notNull(),
    /** Where the upload is kept under the data folder while the job may still need it. */
    filePath: text('file_path'),
    /** csv | xlsx */
    format: text('format').notNull(),
    /** What the file was read as: utf-8 | windows-1251 (CSV only). */
    encoding: text('encoding'),
    delimiter: text('delimiter'),
    headers: text('headers').notNull().default('[]'),
    totalRows: integer('total_rows').notNull().default(0),
    /** JSON: column index → field key. */
    mapping: text('mapping').notNull().default('{}'),
    /** JSON: duplicates mode and criteria, defaults. */
    options: text('options').notNull().default('{}'),
    position: integer('position').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    error: text('error'),
    createdAt: integer('created_at').notNull(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
  },
  (t) => [index('import_jobs_user').on(t.userId, t.id)],
);

/** Every row an import refused, with the reasons (JSON list of {column, key, params}) and its cells, for the report and the CSV to fix. */
export const importRejects = sqliteTable(
  'import_rejects',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: integer('job_id')
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    /** The row's number in the file, counting the header row as 1. */
    rowNo: integer('row_no').notNull(),
    reasons: text('reasons').notNull(),
    cells: text('cells').notNull(),
  },
  (t) => [index('import_rejects_job').on(t.jobId, t.rowNo)],
);

/** Saved column mappings per entity: header (as written, compared ignoring case) → field key. */
export const importPresets = sqliteTable(
  'import_presets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entity: text('entity').notNull(),
    name: text('name').notNull(),
    mapping: text('mapping').notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('import_presets_entity').on(t.entity, t.name)],
);
