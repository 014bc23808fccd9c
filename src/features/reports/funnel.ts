import { sql } from 'drizzle-orm';
import { deals } from '../../db/schema/index.js';
import { allLeadStatuses } from '../pipelines/queries.js';
import { shownName } from '../../platform/records/builtin.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { inBase, listLink, userNames, weight, wonStages, type Env } from './env.js';
import { figure, permille, text, type Cell, type Report } from './model.js';
import { activityWhere, leadWhere } from './scope.js';
import * as q from './queries.js';

const DAY_MS = 86_400_000;
const createdIn = (env: Env) => sql`${deals.createdAt} >= ${env.cut.periodStart} AND ${deals.createdAt} < ${env.cut.periodEnd}`;

/**
 * Report 10: the sales funnel of one pipeline (the filter's, else the first) over the deals opened in
 * the period. A deal "reached" a stage when it has been in it or in a later one (its furthest stage,
 * from the stage history; lost stages do not count as later), so a lost deal counts up to where it got. Conversion is reached here
 * over reached at the stage before; the time in a stage is the mean of its visits (one still going
 * lasts until now); "now" is where the deals are today.
 */
export function salesFunnel(env: Env): Report {
  const pipeline = env.pipelines.find((p) => p.id === env.filter.pipeline) ?? env.pipelines[0];
  const stages = env.stages.filter((s) => s.pipelineId === pipeline?.id);
  const flow = stages.filter((s) => s.semantics !== 'lost');
  const where = sql`${env.deals} AND ${createdIn(env)} AND ${q.stageIn(stages.map((s) => s.id))}`;
  const from = q.dealsBy('deals_report_created_live');
  const sortOf = new Map(stages.map((s) => [s.id, s.sort]));
  const now = q.furthest(env.db, from, where);
  // A deal only ever in lost stages (or whose furthest stage is gone) counts as having reached the first.
  const tops = now.map((r) => ({ ...r, sort: (r.furthestId === null ? undefined : sortOf.get(r.furthestId)) ?? flow[0]?.sort ?? 0 }));
  const time = q.timeInStages(env.db, from, where, env.now);
  const pipelineParam: [string, string | number][] = [['pipeline', pipeline?.id ?? 0], ['f.createdAt.from', env.filter.from], ['f.createdAt.to', env.filter.to]];
  let before: number | null = null;
  let unconverted = 0;
  const lines: Cell[][] = flow.map((s) => {
    const reachedParts = tops.filter((t) => t.sort >= s.sort);
    const reached = reachedParts.reduce((a, t) => a + t.count, 0);
    const amount = inBase(env, reachedParts);
    unconverted = Math.max(unconverted, amount.unconverted);
    const here = now.filter((n) => n.stageId === s.id).reduce((a, n) => a + n.count, 0);
    const visits = time.find((t) => t.stageId === s.id);
    const conversion = before === null ? null : permille(reached, before);
    before = reached;
    const days = s.semantics === 'open' && visits && visits.entries ? Math.round((visits.ms * 10) / (visits.entries * DAY_MS)) : null;
    const reachedLink = listLink(env, '/deals', [...pipelineParam, ...flow.filter((x) => x.sort >= s.sort).map((x): [string, number] => ['f.furthest', x.id])]);
    return [text(shownName(env.locale, 'stage', s)), figure(reached, reachedLink), { value: conversion }, figure(amount.sum, reachedLink), figure(here, listLink(env, '/deals', [...pipelineParam, ['f.stage', s.id]])), { value: days }];
  });
  const lost = stages.filter((s) => s.semantics === 'lost');
  for (const s of lost) {
    const here = now.filter((n) => n.stageId === s.id).reduce((a, n) => a + n.count, 0);
    lines.push([text(shownName(env.locale, 'stage', s)), { value: null }, { value: null }, { value: null }, figure(here, listLink(env, '/deals', [...pipelineParam, ['f.stage', s.id]])), { value: null }]);
  }
  const total = now.reduce((a, n) => a + n.count, 0);
  const won = flow.find((s) => s.semantics === 'won');
  const wonCount = won ? tops.filter((t) => t.sort >= won.sort).reduce((a, t) => a + t.count, 0) : 0;
  return {
    key: 'funnel',
    columns: [
      { label: 'reports.col.stage', kind: 'text' },
      { label: 'reports.col.reached', kind: 'count' },
      { label: 'reports.col.conversion', kind: 'permille' },
      { label: 'reports.col.reachedAmount', kind: 'money' },
      { label: 'reports.col.now', kind: 'count' },
      { label: 'reports.col.daysInStage', kind: 'days' },
    ],
    rows: lines,
    totals: [text(null), figure(total), { value: permille(wonCount, total) }, { value: null }, figure(total, listLink(env, '/deals', pipelineParam)), { value: null }],
    chart: { type: 'funnel', money: false, label: 'reports.col.reached', points: flow.map((s, i) => ({ label: String(lines[i]![0]!.value), value: Number(lines[i]![1]!.value) })) },
    unconverted,
    truncated: false,
  };
}

/**
 * The lead funnel: leads created in the period by their status now. Open statuses in their order,
 * then converted: a lead "reached" a status when it is in it or a later open or converted one
 * (junk ones are out of the flow), the last step's share of all being the conversion rate.
 */
export function leadFunnel(env: Env): Report {
  const statuses = [...allLeadStatuses(env.db)].sort((a, b) => a.sort - b.sort);
  const counts = q.leadsByStatus(env.db, leadWhere(env.db, env.user, env.cut));
  const n = (id: number) => counts.find((c) => c.statusId === id)?.count ?? 0;
  const flow = statuses.filter((s) => s.semantics !== 'junk');
  const total = counts.reduce((a, c) => a + c.count, 0);
  const base: [string, string | number][] = [['f.createdAt.from', env.filter.from], ['f.createdAt.to', env.filter.to]];
  let before: number | null = null;
  const lines = statuses.map((s) => {
    const inFlow = s.semantics !== 'junk';
    const reached = inFlow ? flow.filter((x) => x.sort >= s.sort).reduce((a, x) => a + n(x.id), 0) : null;
    const conversion = inFlow && before !== null ? permille(reached!, before) : null;
    if (inFlow) before = reached;
    return [text(shownName(env.locale, 'status', s)), figure(n(s.id), listLink(env, '/leads', [...base, ['f.status', s.id]])), { value: reached }, { value: conversion }];
  });
  const converted = statuses.filter((s) => s.semantics === 'converted').reduce((a, s) => a + n(s.id), 0);
  return {
    key: 'lead-funnel',
    columns: [
      { label: 'reports.col.status', kind: 'text' },
      { label: 'reports.col.leads', kind: 'count' },
      { label: 'reports.col.reached', kind: 'count' },
      { label: 'reports.col.conversion', kind: 'permille' },
    ],
    rows: lines,
    totals: [text(null), figure(total, listLink(env, '/leads', base)), { value: null }, { value: permille(converted, total) }],
    chart: { type: 'funnel', money: false, label: 'reports.col.reached', points: flow.map((s) => ({ label: shownName(env.locale, 'status', s), value: flow.filter((x) => x.sort >= s.sort).reduce((a, x) => a + n(x.id), 0) })) },
    unconverted: 0,
    truncated: false,
  };
}

/** Report 9: what the deals won in the period sold, per product (a free-text row by its name). */
export function productSales(env: Env): Report {
  const won = wonStages(env);
  const where = sql`${env.deals} AND ${deals.closedAt} >= ${env.cut.periodStart} AND ${deals.closedAt} < ${env.cut.periodEnd} AND ${q.stageIn(won)}`;
  const rows = q.productSales(env.db, where, weight(env), 100);
  const totals = q.productTotals(env.db, where);
  const keys = [...new Set(rows.map((r) => r.key))];
  const lines = keys
    .map((k) => {
      const parts = rows.filter((r) => r.key === k);
      return { name: parts[0]!.name, deals: parts.reduce((a, p) => a + p.deals, 0), quantity: parts.reduce((a, p) => a + p.quantity, 0), sum: inBase(env, parts.map((p) => ({ currency: p.currency, sum: p.sum, count: p.deals }))).sum };
    })
    .sort((a, b) => b.sum - a.sum || a.name.localeCompare(b.name));
  const total = inBase(env, totals.map((t) => ({ currency: t.currency, sum: t.sum, count: t.deals })));
  const all = listLink(env, '/deals', [['f.closedAt.from', env.filter.from], ['f.closedAt.to', env.filter.to], ...won.map((id): [string, number] => ['f.stage', id])]);
  return {
    key: 'products',
    columns: [
      { label: 'reports.col.product', kind: 'text' },
      { label: 'reports.col.deals', kind: 'count' },
      { label: 'reports.col.quantity', kind: 'text' },
      { label: 'reports.col.amount', kind: 'money' },
    ],
    rows: lines.map((l) => {
      const link = listLink(env, '/deals', [['f.closedAt.from', env.filter.from], ['f.closedAt.to', env.filter.to], ...won.map((id): [string, number] => ['f.stage', id]), ['f.products', l.name], ['f.products.op', 'equals']]);
      return [text(l.name), figure(l.deals, link), text(quantityText(l.quantity)), figure(l.sum, link)];
    }),
    totals: [text(null), figure(totals.reduce((a, t) => a + t.deals, 0), all), text(null), figure(total.sum, all)],
    chart: { type: 'bar', money: true, label: 'reports.col.amount', points: lines.slice(0, 15).map((l) => ({ label: l.name, value: l.sum })) },
    unconverted: total.unconverted,
    truncated: lines.length >= 100,
  };
}

/** Thousandths as a plain decimal ("1.5"): quantities keep three decimals. */
function quantityText(thousandths: number): string {
  const whole = Math.trunc(thousandths / 1000);
  const part = String(Math.abs(thousandths) % 1000).padStart(3, '0').replace(/0+$/, '');
  return part ? `${whole}.${part}` : String(whole);
}

const activityTypes = ['call', 'meeting', 'email', 'task'] as const;
const typeLabels: Record<(typeof activityTypes)[number], MessageKey> = { call: 'reports.col.calls', meeting: 'reports.col.meetings', email: 'reports.col.emails', task: 'reports.col.tasks' };

/** Report 11: activities done in the period per person and kind (notes are not work done). */
export function managerActivity(env: Env): Report {
  const counts = q.activityCounts(env.db, activityWhere(env.db, env.user, env.cut));
  const users = userNames(env);
  const people = [...new Set(counts.map((c) => c.responsibleId))];
  const n = (id: number | null, type: string | null) => counts.filter((c) => (id === null || c.responsibleId === id) && (type === null ? (activityTypes as readonly string[]).includes(c.type) : c.type === type)).reduce((a, c) => a + c.count, 0);
  const link = (id: number | null, type: string | null) => {
    const p = new URLSearchParams({ from: env.filter.from, to: env.filter.to });
    if (id !== null) p.set('responsible', String(id));
    else if (env.filter.responsible !== null) p.set('responsible', String(env.filter.responsible));
    if (env.filter.department !== null) p.set('department', String(env.filter.department));
    if (type !== null) p.set('type', type);
    return `/reports/activity/list?${p}`;
  };
  const lines = people
    .map((id) => [text(users.get(id) ?? `#${id}`), ...activityTypes.map((t) => figure(n(id, t), link(id, t))), figure(n(id, null), link(id, null))])
    .sort((a, b) => Number(b[5]!.value) - Number(a[5]!.value) || String(a[0]!.value).localeCompare(String(b[0]!.value)));
  return {
    key: 'activity',
    columns: [{ label: 'reports.col.responsible', kind: 'text' }, ...activityTypes.map((t) => ({ label: typeLabels[t], kind: 'count' as const })), { label: 'reports.col.total', kind: 'count' }],
    rows: lines,
    totals: [text(null), ...activityTypes.map((t) => figure(n(null, t), link(null, t))), figure(n(null, null), link(null, null))],
    chart: { type: 'bar', money: false, label: 'reports.col.total', points: lines.slice(0, 15).map((l) => ({ label: String(l[0]!.value), value: Number(l[5]!.value), ...(l[5]!.href ? { href: l[5]!.href } : {}) })) },
    unconverted: 0,
    truncated: false,
  };
}

