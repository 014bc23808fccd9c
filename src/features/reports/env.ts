import { inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { companies, contacts, deals } from '../../db/schema/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import type { Locale } from '../../platform/i18n/index.js';
import { convertMinor, convertShare } from '../../platform/money.js';
import { userChoices } from '../../platform/records/list/common.js';
import { baseCurrency, currentRates } from '../currencies/service.js';
import { allPipelines, allStages } from '../pipelines/queries.js';
import type { ReportFilter } from './form.js';
import { cutOf, dealWhere, listParams, type Cut } from './scope.js';

/** Everything a report builder needs, read once per request. */
export interface Env {
  db: Db;
  user: CurrentUser;
  filter: ReportFilter;
  cut: Cut;
  /** Live deals this user may count within the filter (not its period). */
  deals: SQL;
  locale: Locale;
  now: number;
  /** The user's today, YYYY-MM-DD. */
  today: string;
  base: string;
  rates: ReadonlyMap<string, string>;
  stages: ReturnType<typeof allStages>;
  pipelines: ReturnType<typeof allPipelines>;
}

export function envOf(db: Db, user: CurrentUser, filter: ReportFilter, o: { locale: Locale; timeZone: string; now: number; today: string }): Env {
  const cut = cutOf(db, user, filter, o.timeZone);
  const stages = [...allStages(db)].sort((a, b) => a.sort - b.sort);
  return {
    db,
    user,
    filter,
    cut,
    deals: dealWhere(db, user, filter, cut, stages.filter((s) => s.pipelineId === filter.pipeline).map((s) => s.id)),
    locale: o.locale,
    now: o.now,
    today: o.today,
    base: baseCurrency(db),
    rates: currentRates(db),
    stages,
    pipelines: allPipelines(db),
  };
}

/**
 * Sums per currency as one base-currency figure: each currency's sum converted once at the current
 * rate and rounded half away from zero, to the kopeck. A currency without a rate is left out and its
 * count returned, so the page can say how many deals the figure misses.
 */
export function inBase(env: Env, parts: { currency: string; sum: number | bigint; count?: number }[], per = 1n): { sum: number; unconverted: number } {
  let sum = 0;
  let unconverted = 0;
  for (const p of parts) {
    const rate = p.currency === env.base ? '1' : env.rates.get(p.currency);
    if (rate === undefined) unconverted += p.count ?? 1;
    else if (per === 1n && typeof p.sum === 'number') sum += convertMinor(p.sum, { currency: p.currency, rate }, { currency: env.base, rate: '1' });
    else sum += convertShare(BigInt(p.sum), per, { currency: p.currency, rate }, { currency: env.base, rate: '1' });
  }
  return { sum, unconverted };
}

/** An approximate value of one minor unit of a deal's currency in base units, for choosing the top groups only (never shown). */
export function weight(env: Env): SQL {
  const cases = [...env.rates].map(([code, rate]) => sql` WHEN ${code} THEN ${Number(rate)}`);
  return sql`(CASE ${deals.currency} WHEN ${env.base} THEN 1${sql.join(cases, sql``)} ELSE 0 END)`;
}

export const wonStages = (env: Env) => env.stages.filter((s) => s.semantics === 'won').map((s) => s.id);
export const lostStages = (env: Env) => env.stages.filter((s) => s.semantics === 'lost').map((s) => s.id);
export const openStages = (env: Env) => env.stages.filter((s) => s.semantics === 'open').map((s) => s.id);

export function userNames(env: Env): Map<number, string> {
  return new Map(userChoices(env.db).map((u) => [u.id, u.name]));
}

export function companyTitles(db: Db, ids: number[]): Map<number, string> {
  if (!ids.length) return new Map();
  return new Map(db.select({ id: companies.id, name: companies.title }).from(companies).where(inArray(companies.id, ids)).all().map((r) => [r.id, r.name]));
}

export function contactNames(db: Db, ids: number[]): Map<number, string> {
  if (!ids.length) return new Map();
  return new Map(db.select({ id: contacts.id, name: contacts.fullName }).from(contacts).where(inArray(contacts.id, ids)).all().map((r) => [r.id, r.name]));
}

/** A link to a record list with the report's filter and `extra` (the figure's own conditions). */
export function listLink(env: Env, path: '/deals' | '/leads', extra: [string, string | number][]): string {
  const company = env.filter.company === null ? null : (companyTitles(env.db, [env.filter.company]).get(env.filter.company) ?? '');
  const p = listParams(env.filter, env.cut, company, path === '/deals');
  // The figure's own condition on a filter the report already sets (its responsible, its company) replaces it.
  for (const k of new Set(extra.map(([key]) => key))) p.delete(k);
  for (const [k, v] of extra) p.append(k, String(v));
  return `${path}?${p}`;
}
