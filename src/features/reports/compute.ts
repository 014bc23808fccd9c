import type { Db } from '../../db/connection.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import type { Locale } from '../../platform/i18n/index.js';
import { byCompany, byContact, companyRevenue, expectedSales, managers, openByStage, overdueDeals, wonDeals } from './deals.js';
import { envOf, type Env } from './env.js';
import type { ReportFilter } from './form.js';
import { leadFunnel, managerActivity, productSales, salesFunnel } from './funnel.js';
import type { Report, ReportKey } from './model.js';
import { computeBuilder } from './builder/run.js';

const builders: Record<ReportKey, (env: Env) => Report> = {
  managers,
  contacts: byContact,
  'company-revenue': companyRevenue,
  companies: byCompany,
  won: wonDeals,
  overdue: overdueDeals,
  expected: expectedSales,
  'open-stages': openByStage,
  products: productSales,
  funnel: salesFunnel,
  'lead-funnel': leadFunnel,
  activity: managerActivity,
};

/** One report to compute: plain data, so it can be handed to the report worker as it is. */
export interface ReportJob {
  key: ReportKey;
  user: CurrentUser;
  filter: ReportFilter;
  locale: Locale;
  timeZone: string;
  /** The clock's now (ms) and the user's today (YYYY-MM-DD), read by the server, not the worker. */
  now: number;
  today: string;
}

/**
 * A builder report to compute (features/reports/builder): its definition, checked on the server and
 * checked again here against the fields as this connection reads them.
 */
export interface BuilderJob extends Omit<ReportJob, 'key' | 'filter'> {
  key: 'builder';
  definition: unknown;
}

/** Computes a report on `db`: the same function whether it runs in the worker or inline. */
export function computeReport(db: Db, job: ReportJob | BuilderJob): Report {
  if (job.key === 'builder') return computeBuilder(db, job);
  const env = envOf(db, job.user, job.filter, { locale: job.locale, timeZone: job.timeZone, now: job.now, today: job.today });
  return builders[job.key](env);
}
