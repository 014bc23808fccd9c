import { sql, type SQL } from 'drizzle-orm';
import { deals } from '../../db/schema/index.js';
import { shownName } from '../../platform/records/builtin.js';
import { companyTitles, contactNames, inBase, listLink, lostStages, openStages, userNames, weight, wonStages, type Env } from './env.js';
import { figure, permille, text, type Cell, type Report, type ReportKey } from './model.js';
import * as q from './queries.js';

/**
 * The standard deal reports (SPEC.md "Reports" 1–8). Which deals each counts:
 *  - volume by manager, contact, company: deals opened (created) in the period; "won"/"lost" are those of
 *    them now in a won or lost stage, revenue the amount of the won ones;
 *  - profitability by company and won deals: deals won (closed in a won stage) in the period;
 *  - overdue: open deals whose expected close, within the period, is before today;
 *  - expected sales: open deals expected to close within the period, weighted by probability;
 *  - open deals by stage: deals opened in the period and still open, by their stage.
 */
const TOP = 100;
const LIST = 500;

const created = (env: Env) => sql`${deals.createdAt} >= ${env.cut.periodStart} AND ${deals.createdAt} < ${env.cut.periodEnd}`;
const closed = (env: Env) => sql`${deals.closedAt} >= ${env.cut.periodStart} AND ${deals.closedAt} < ${env.cut.periodEnd}`;
const both = (a: SQL, b: SQL) => sql`${a} AND ${b}`;

const createdParams = (env: Env): [string, string][] => [
  ['f.createdAt.from', env.filter.from],
  ['f.createdAt.to', env.filter.to],
];
const closedParams = (env: Env): [string, string][] => [
  ['f.closedAt.from', env.filter.from],
  ['f.closedAt.to', env.filter.to],
];
const stageParams = (ids: number[]): [string, number][] => (ids.length ? ids.map((id) => ['f.stage', id]) : [['f.stage', 0]]);

interface Group {
  key: number | null;
  count: number;
  won: number;
  lost: number;
  wonSum: number;
}

/** Rows per group and currency into one row per group, money in the base currency. */
function grouped(env: Env, rows: q.VolumeRow[]): { groups: Group[]; unconverted: number } {
  const by = new Map<number | null, q.VolumeRow[]>();
  for (const r of rows) by.set(r.key, [...(by.get(r.key) ?? []), r]);
  let unconverted = 0;
  const groups = [...by].map(([key, parts]) => {
    const money = inBase(env, parts.map((p) => ({ currency: p.currency, sum: p.wonSum, count: p.won })));
    unconverted += money.unconverted;
    return { key, count: sum(parts, 'count'), won: sum(parts, 'won'), lost: sum(parts, 'lost'), wonSum: money.sum };
  });
  return { groups, unconverted };
}

const sum = <T>(rows: T[], k: keyof T) => rows.reduce((a, r) => a + Number(r[k]), 0);

const byCreated = q.dealsBy('deals_report_created_live');
const byClosed = q.dealsBy('deals_report_closed_live');
const byExpected = q.dealsBy('deals_report_expected_live');

function cut(env: Env, period: SQL): q.DealCut {
  return { where: both(env.deals, period), from: byCreated, won: wonStages(env), lost: lostStages(env) };
}

/** The whole report's row from its groups' rows, currency by currency (each converted once, as every figure). */
function totalOf(rows: q.VolumeRow[]): q.VolumeRow[] {
  const by = new Map<string, q.VolumeRow>();
  for (const r of rows) {
    const had = by.get(r.currency);
    by.set(r.currency, had ? { ...had, count: had.count + r.count, won: had.won + r.won, lost: had.lost + r.lost, wonSum: had.wonSum + r.wonSum, sum: had.sum + r.sum } : { ...r, key: null });
  }
  return [...by.values()];
}

/** Reports 1, 2, 4: deal volume by manager, contact or company. */
function volumeBy(env: Env, key: ReportKey, by: 'responsible' | 'contact' | 'company'): Report {
  const c = cut(env, created(env));
  const column = by === 'responsible' ? sql`${deals.responsibleId}` : by === 'contact' ? sql`${deals.contactId}` : sql`${deals.companyId}`;
  const rows = q.volume(env.db, by === 'responsible' ? { ...c, from: q.dealsBy('deals_report_people_live') } : c, column, by === 'responsible' ? undefined : { limit: TOP, by: 'count', weight: weight(env) });
  // By manager every group is there, so the totals are theirs; by contact or company only the top ones are.
  const all_ = grouped(env, by === 'responsible' ? totalOf(rows) : q.volume(env.db, c, null));
  const totals = all_.groups[0] ?? { key: null, count: 0, won: 0, lost: 0, wonSum: 0 };
  const { groups } = grouped(env, rows);
  const ids = groups.flatMap((g) => (g.key === null ? [] : [g.key]));
  const names = by === 'responsible' ? userNames(env) : by === 'contact' ? contactNames(env.db, ids) : companyTitles(env.db, ids);
  groups.sort((a, b) => (by === 'responsible' ? b.wonSum - a.wonSum : b.count - a.count) || (a.key ?? 0) - (b.key ?? 0));
  const param = by === 'responsible' ? 'f.responsible' : `f.${by}`;
  const won = wonStages(env);
  const lost = lostStages(env);
  const line = (g: Group): Cell[] => {
    const name = g.key === null ? null : (names.get(g.key) ?? `#${g.key}`);
    // A group without a contact or company cannot be asked of the list by name: its figures are not links.
    const own: [string, string | number][] | null =
      g.key === null ? null : by === 'responsible' ? [[param, g.key]] : [[param, name!], [`${param}.op`, 'equals']];
    const link = (more: [string, string | number][]) => (own ? listLink(env, '/deals', [...createdParams(env), ...own, ...more]) : undefined);
    return [text(name), figure(g.count, link([])), figure(g.won, link(stageParams(won))), figure(g.lost, link(stageParams(lost))), figure(g.wonSum, link(stageParams(won)))];
  };
  const all = (more: [string, string | number][]) => listLink(env, '/deals', [...createdParams(env), ...more]);
  return {
    key,
    columns: [
      { label: by === 'responsible' ? 'reports.col.responsible' : by === 'contact' ? 'reports.col.contact' : 'reports.col.company', kind: 'text' },
      { label: 'reports.col.deals', kind: 'count' },
      { label: 'reports.col.won', kind: 'count' },
      { label: 'reports.col.lost', kind: 'count' },
      { label: 'reports.col.revenue', kind: 'money' },
    ],
    rows: groups.map(line),
    totals: [text(null), figure(totals.count, all([])), figure(totals.won, all(stageParams(won))), figure(totals.lost, all(stageParams(lost))), figure(totals.wonSum, all(stageParams(won)))],
    chart: {
      type: 'bar',
      money: by === 'responsible',
      label: by === 'responsible' ? 'reports.col.revenue' : 'reports.col.deals',
      points: groups.slice(0, 15).map((g) => {
        const cells = line(g);
        const cell = by === 'responsible' ? cells[4]! : cells[1]!;
        return { label: String(cells[0]!.value ?? '—'), value: Number(cell.value), ...(cell.href ? { href: cell.href } : {}) };
      }),
    },
    unconverted: all_.unconverted,
    truncated: by !== 'responsible' && rows.length > 0 && groups.length >= TOP,
  };
}

export const managers = (env: Env) => volumeBy(env, 'managers', 'responsible');
export const byContact = (env: Env) => volumeBy(env, 'contacts', 'contact');
export const byCompany = (env: Env) => volumeBy(env, 'companies', 'company');

/** Report 3: revenue from deals won in the period, by company. */
export function companyRevenue(env: Env): Report {
  const won = wonStages(env);
  const c: q.DealCut = { where: both(both(env.deals, closed(env)), q.stageIn(won)), from: byClosed, won, lost: [] };
  const { groups } = grouped(env, q.volume(env.db, c, sql`${deals.companyId}`, { limit: TOP, by: 'revenue', weight: weight(env) }));
  const totals = grouped(env, q.volume(env.db, c, null));
  const total = totals.groups[0] ?? { count: 0, wonSum: 0 };
  const names = companyTitles(env.db, groups.flatMap((g) => (g.key === null ? [] : [g.key])));
  groups.sort((a, b) => b.wonSum - a.wonSum || (a.key ?? 0) - (b.key ?? 0));
  const lines = groups.map((g) => {
    const name = g.key === null ? null : (names.get(g.key) ?? `#${g.key}`);
    const link = g.key === null ? undefined : listLink(env, '/deals', [...closedParams(env), ['f.company', name!], ['f.company.op', 'equals'], ...stageParams(won)]);
    return [text(name), figure(g.won, link), figure(g.wonSum, link)];
  });
  const all = listLink(env, '/deals', [...closedParams(env), ...stageParams(won)]);
  return {
    key: 'company-revenue',
    columns: [
      { label: 'reports.col.company', kind: 'text' },
      { label: 'reports.col.won', kind: 'count' },
      { label: 'reports.col.revenue', kind: 'money' },
    ],
    rows: lines,
    totals: [text(null), figure(total.count, all), figure(total.wonSum, all)],
    chart: { type: 'pie', money: true, label: 'reports.col.revenue', points: lines.slice(0, 8).map((l) => ({ label: String(l[0]!.value ?? '—'), value: Number(l[2]!.value), ...(l[2]!.href ? { href: l[2]!.href } : {}) })) },
    unconverted: totals.unconverted,
    truncated: groups.length >= TOP,
  };
}

/** Reports 5 and 6: a list of deals with their total, charted by responsible. */
function dealList(env: Env, key: 'won' | 'overdue', from: SQL, where: SQL, order: SQL, params: [string, string | number][]): Report {
  const lines = q.dealLines(env.db, from, where, order, LIST);
  const byPerson = q.volume(env.db, { where, from, won: [], lost: [] }, sql`${deals.responsibleId}`);
  const per = totalOf(byPerson);
  const total = inBase(env, per);
  const users = userNames(env);
  const companies = companyTitles(env.db, [...new Set(lines.flatMap((l) => (l.companyId === null ? [] : [l.companyId])))]);
  const people = new Map<number, q.VolumeRow[]>();
  for (const r of byPerson) people.set(r.key!, [...(people.get(r.key!) ?? []), r]);
  const chart = [...people]
    .map(([id, parts]) => ({ label: users.get(id) ?? `#${id}`, value: inBase(env, parts).sum, href: listLink(env, '/deals', [...params, ['f.responsible', id]]) }))
    .sort((a, b) => b.value - a.value)
    .slice(0, 15);
  const money = (l: q.DealLine) => inBase(env, [{ currency: l.currency, sum: l.amountMinor }]).sum;
  const overdueDays = (l: q.DealLine) => Math.round((Date.parse(`${env.today}T00:00:00Z`) - Date.parse(`${l.expectedClose}T00:00:00Z`)) / 86_400_000);
  return {
    key,
    columns:
      key === 'won'
        ? [
            { label: 'reports.col.deal', kind: 'text' },
            { label: 'reports.col.company', kind: 'text' },
            { label: 'reports.col.responsible', kind: 'text' },
            { label: 'reports.col.closedAt', kind: 'datetime' },
            { label: 'reports.col.amount', kind: 'money' },
          ]
        : [
            { label: 'reports.col.deal', kind: 'text' },
            { label: 'reports.col.company', kind: 'text' },
            { label: 'reports.col.responsible', kind: 'text' },
            { label: 'reports.col.expectedClose', kind: 'date' },
            { label: 'reports.col.daysOverdue', kind: 'count' },
            { label: 'reports.col.amount', kind: 'money' },
          ],
    rows: lines.map((l) => {
      const head = [text(l.title, `/deals/${l.id}`), text(l.companyId === null ? null : (companies.get(l.companyId) ?? null)), text(users.get(l.responsibleId) ?? null)];
      return key === 'won' ? [...head, { value: l.closedAt }, figure(money(l))] : [...head, { value: l.expectedClose }, figure(overdueDays(l)), figure(money(l))];
    }),
    totals: (() => {
      const all = listLink(env, '/deals', params);
      const count = figure(sum(per, 'count'), all);
      return key === 'won' ? [count, text(null), text(null), text(null), figure(total.sum, all)] : [count, text(null), text(null), text(null), text(null), figure(total.sum, all)];
    })(),
    chart: { type: 'bar', money: true, label: 'reports.col.amount', points: chart },
    unconverted: total.unconverted,
    truncated: lines.length >= LIST,
  };
}

export function wonDeals(env: Env): Report {
  const won = wonStages(env);
  return dealList(env, 'won', byClosed, both(both(env.deals, closed(env)), q.stageIn(won)), sql`${deals.closedAt} DESC, ${deals.id} DESC`, [...closedParams(env), ...stageParams(won)]);
}

/** The day before `day`. */
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

export function overdueDeals(env: Env): Report {
  const open = openStages(env);
  const last = env.filter.to < env.today ? env.filter.to : dayBefore(env.today);
  const where = both(both(env.deals, q.stageIn(open)), sql`${deals.expectedClose} >= ${env.filter.from} AND ${deals.expectedClose} <= ${last}`);
  return dealList(env, 'overdue', byExpected, where, sql`${deals.expectedClose}, ${deals.id}`, [['f.expectedClose.from', env.filter.from], ['f.expectedClose.to', last], ...stageParams(open)]);
}

/** Report 7: open deals expected to close in the period, by month, with their amount weighted by probability. */
export function expectedSales(env: Env): Report {
  const open = openStages(env);
  const where = both(both(env.deals, q.stageIn(open)), sql`${deals.expectedClose} >= ${env.filter.from} AND ${deals.expectedClose} <= ${env.filter.to}`);
  const rows = q.weighted(env.db, byExpected, where, sql`substr(${deals.expectedClose}, 1, 7)`);
  const months = [...new Set(rows.map((r) => String(r.key)))].sort();
  const lastDay = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
  const figures = (parts: q.WeightedRow[]) => ({
    count: sum(parts, 'count'),
    amount: inBase(env, parts.map((p) => ({ currency: p.currency, sum: p.sum, count: p.count }))),
    weighted: inBase(env, parts.map((p) => ({ currency: p.currency, sum: BigInt(p.weighted), count: p.count })), 100n),
  });
  const lines = months.map((m) => {
    const from = `${m}-01` < env.filter.from ? env.filter.from : `${m}-01`;
    const to = lastDay(m) > env.filter.to ? env.filter.to : lastDay(m);
    const href = listLink(env, '/deals', [['f.expectedClose.from', from], ['f.expectedClose.to', to], ...stageParams(open)]);
    const f = figures(rows.filter((r) => r.key === m));
    return [text(m), figure(f.count, href), figure(f.amount.sum, href), figure(f.weighted.sum, href)];
  });
  // The totals from the same per-currency sums over every month: each currency converted once.
  const byCurrency = new Map<string, q.WeightedRow>();
  for (const r of rows) {
    const had = byCurrency.get(r.currency);
    byCurrency.set(r.currency, had ? { ...had, count: had.count + r.count, sum: had.sum + r.sum, weighted: String(BigInt(had.weighted) + BigInt(r.weighted)) } : { ...r });
  }
  const t = figures([...byCurrency.values()]);
  const all = listLink(env, '/deals', [['f.expectedClose.from', env.filter.from], ['f.expectedClose.to', env.filter.to], ...stageParams(open)]);
  return {
    key: 'expected',
    columns: [
      { label: 'reports.col.month', kind: 'text' },
      { label: 'reports.col.deals', kind: 'count' },
      { label: 'reports.col.amount', kind: 'money' },
      { label: 'reports.col.weighted', kind: 'money' },
    ],
    rows: lines,
    totals: [text(null), figure(t.count, all), figure(t.amount.sum, all), figure(t.weighted.sum, all)],
    chart: { type: 'line', money: true, label: 'reports.col.weighted', points: lines.map((l) => ({ label: String(l[0]!.value), value: Number(l[3]!.value), ...(l[3]!.href ? { href: l[3]!.href } : {}) })) },
    unconverted: t.amount.unconverted,
    truncated: false,
  };
}

/** Report 8: the open portfolio by stage (deals opened in the period and still open). */
export function openByStage(env: Env): Report {
  const open = openStages(env);
  const rows = q.byStage(env.db, byCreated, both(both(env.deals, created(env)), q.stageIn(open)));
  const count = sum(rows, 'count');
  const order = new Map(env.pipelines.map((p, i) => [p.id, i]));
  const stages = env.stages.filter((s) => rows.some((r) => r.stageId === s.id)).sort((a, b) => (order.get(a.pipelineId) ?? 0) - (order.get(b.pipelineId) ?? 0) || a.sort - b.sort);
  const several = new Set(stages.map((s) => s.pipelineId)).size > 1;
  const pipelineName = (id: number) => {
    const p = env.pipelines.find((x) => x.id === id);
    return p ? shownName(env.locale, 'pipeline', p) : '';
  };
  const lines = stages.map((s) => {
    const parts = rows.filter((r) => r.stageId === s.id);
    const n = sum(parts, 'count');
    const href = listLink(env, '/deals', [...createdParams(env), ['f.stage', s.id]]);
    const name = shownName(env.locale, 'stage', s);
    return [text(several ? `${pipelineName(s.pipelineId)}: ${name}` : name), figure(n, href), { value: permille(n, count) }, figure(inBase(env, parts).sum, href)];
  });
  const total = inBase(env, rows);
  const all = listLink(env, '/deals', [...createdParams(env), ...stageParams(open)]);
  return {
    key: 'open-stages',
    columns: [
      { label: 'reports.col.stage', kind: 'text' },
      { label: 'reports.col.deals', kind: 'count' },
      { label: 'reports.col.share', kind: 'permille' },
      { label: 'reports.col.amount', kind: 'money' },
    ],
    rows: lines,
    totals: [text(null), figure(count, all), { value: count ? 1000 : null }, figure(total.sum, all)],
    chart: { type: 'pie', money: false, label: 'reports.col.deals', points: lines.map((l) => ({ label: String(l[0]!.value), value: Number(l[1]!.value), ...(l[1]!.href ? { href: l[1]!.href } : {}) })) },
    unconverted: total.unconverted,
    truncated: false,
  };
}
