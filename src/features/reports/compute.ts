import type { Db } from '../../db/connection.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import type { Locale } from '../../platform/i18n/index.js';
import { byCompany, byContact, companyRevenue, expectedSales, managers, openByStage, overdueDeals, wonDeals } from './deals.js';
import { envOf, type Env } from './env.js';
import type { ReportFilter } from './form.js';
import { leadFunnel, managerActivity, productSales, salesFunnel } from './funnel.js';
import type { Report, ReportKey } from './model.js';

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

/** Computes a standard report on `db`: the same function whether it runs in the worker or inline. */
export function computeReport(db: Db, job: ReportJob): Report {
  const env = envOf(db, job.user, job.filter, { locale: job.locale, timeZone: job.timeZone, now: job.now, today: job.today });
  return builders[job.key](env);
}
