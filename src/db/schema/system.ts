import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

/** Installation-wide values that are not company data, e.g. the secret that signs CSRF tokens. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** The one company this installation serves. Its row existing is what "setup is finished" means. */
export const company = sqliteTable('company', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  legalName: text('legal_name'),
  taxId: text('tax_id'),
  address: text('address'),
  phone: text('phone'),
  timeZone: text('time_zone').notNull(),
  baseCurrency: text('base_currency').notNull(),
  locale: text('locale').notNull(),
  createdAt: integer('created_at').notNull(),
});

/** One row per run of a scheduled job (DESIGN.md, "Events and jobs"), shown to administrators. */
export const jobRuns = sqliteTable('job_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  job: text('job').notNull(),
  startedAt: integer('started_at').notNull(),
  finishedAt: integer('finished_at'),
  /** running | ok | error */
  outcome: text('outcome').notNull(),
  /** How the run was started: schedule | manual | command */
  trigger: text('trigger').notNull(),
  /** JSON object of counts, e.g. {"bytes": 12345}. */
  counts: text('counts'),
  error: text('error'),
}, (t) => [index('job_runs_job_started').on(t.job, t.startedAt)]);
