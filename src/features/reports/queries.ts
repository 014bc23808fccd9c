import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { activities, deals, leads } from '../../db/schema/index.js';

/**
 * The reports' SQL: each report is one or two aggregate queries over an index, grouped by what the
 * report shows and by currency (money is summed per currency and converted once per sum by the
 * service). Nothing here walks rows in JavaScript: the biggest result is a report's groups.
 */
export interface DealCut {
  /** Which deals: live, readable, within the filter (service.ts builds it). */
  where: SQL;
  /** The deals table with the report index to read it by (dealsBy). */
  from: SQL;
  won: number[];
  lost: number[];
}

export type ReportIndex = 'deals_report_created_live' | 'deals_report_people_live' | 'deals_report_closed_live' | 'deals_report_expected_live';

/**
 * The deals table read by one of the report indexes, which hold every column a report needs: the
 * planner, left alone, takes the (responsible, created) list index and reads each row from the table.
 * Every report condition implies the index's own (live deals; for closed ones, a closed_at bound).
 */
export const dealsBy = (index: ReportIndex): SQL => sql`${deals} INDEXED BY ${sql.identifier(index)}`;

const ids = (list: number[]) => (list.length ? sql.join(list.map((i) => sql`${i}`), sql`, `) : sql`NULL`);
export const stageIn = (list: number[]) => sql`${deals.stageId} IN (${ids(list)})`;

export interface VolumeRow {
  key: number | null;
  currency: string;
  count: number;
  won: number;
  lost: number;
  wonSum: number;
  sum: number;
}

/**
 * Deals, won and lost deals and the won amount per group and currency. `top` keeps the `top` groups
 * with most deals (or most won money, weighed at `weight`, an approximate rate expression used only
 * for choosing them), so a report by contact over a million deals returns a page, not every contact.
 */
export function volume(db: Db, cut: DealCut, group: SQL | null, top?: { limit: number; by: 'count' | 'revenue'; weight: SQL }): VolumeRow[] {
  const key = group ?? sql`NULL`;
  const won = stageIn(cut.won);
  const lost = stageIn(cut.lost);
  let only = sql``;
  if (group && top) {
    const order = top.by === 'count' ? sql`count(*)` : sql`sum(CASE WHEN ${won} THEN ${deals.amountMinor} * ${top.weight} ELSE 0 END)`;
    only = sql` AND (${group} IS NULL OR ${group} IN (SELECT ${group} FROM ${cut.from} WHERE ${cut.where} AND ${group} IS NOT NULL GROUP BY ${group} ORDER BY ${order} DESC, ${group} LIMIT ${top.limit}))`;
  }
  return db.all<VolumeRow>(sql`
    SELECT ${key} AS key, ${deals.currency} AS currency, count(*) AS count,
      sum(CASE WHEN ${won} THEN 1 ELSE 0 END) AS won, sum(CASE WHEN ${lost} THEN 1 ELSE 0 END) AS lost,
      sum(CASE WHEN ${won} THEN ${deals.amountMinor} ELSE 0 END) AS wonSum, sum(${deals.amountMinor}) AS sum
    FROM ${cut.from} WHERE ${cut.where}${only}
    GROUP BY 1, 2`);
}

export interface DealLine {
  id: number;
  title: string;
  responsibleId: number;
  companyId: number | null;
  stageId: number;
  currency: string;
  amountMinor: number;
  probability: number | null;
  expectedClose: string | null;
  closedAt: number | null;
}

/** The first `limit` deals of a list report, in `order`. */
export function dealLines(db: Db, from: SQL, where: SQL, order: SQL, limit: number): DealLine[] {
  return db.all<DealLine>(sql`
    SELECT ${deals.id} AS id, ${deals.title} AS title, ${deals.responsibleId} AS responsibleId, ${deals.companyId} AS companyId,
      ${deals.stageId} AS stageId, ${deals.currency} AS currency, ${deals.amountMinor} AS amountMinor, ${deals.probability} AS probability,
      ${deals.expectedClose} AS expectedClose, ${deals.closedAt} AS closedAt
    FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT ${limit}`);
}

export interface WeightedRow {
  key: string | number | null;
  currency: string;
  count: number;
  sum: number;
  /** Σ amount × probability (percent), as text: it can pass the safe integers. */
  weighted: string;
}

/** Open deals per group and currency with their amount weighted by probability (a deal without one counts 0 %). */
export function weighted(db: Db, from: SQL, where: SQL, group: SQL): WeightedRow[] {
  return db.all<WeightedRow>(sql`
    SELECT ${group} AS key, ${deals.currency} AS currency, count(*) AS count, sum(${deals.amountMinor}) AS sum,
      CAST(sum(${deals.amountMinor} * coalesce(${deals.probability}, 0)) AS TEXT) AS weighted
    FROM ${from} WHERE ${where} GROUP BY 1, 2`);
}

export interface StageRow {
  stageId: number;
  currency: string;
  count: number;
  sum: number;
}

export function byStage(db: Db, from: SQL, where: SQL): StageRow[] {
  return db.all<StageRow>(sql`
    SELECT ${deals.stageId} AS stageId, ${deals.currency} AS currency, count(*) AS count, sum(${deals.amountMinor}) AS sum
    FROM ${from} WHERE ${where} GROUP BY 1, 2`);
}

/**
 * For the funnel: deals by the furthest stage they have been in (deals.furthest_stage_id, kept by
 * triggers; null when only in lost stages), the stage they are in now and the currency — both halves
 * of the funnel from one pass over the report index.
 */
export function furthest(db: Db, from: SQL, where: SQL): { furthestId: number | null; stageId: number; currency: string; count: number; sum: number }[] {
  return db.all(sql`
    SELECT ${deals.furthestStageId} AS furthestId, ${deals.stageId} AS stageId, ${deals.currency} AS currency, count(*) AS count, sum(${deals.amountMinor}) AS sum
    FROM ${from} WHERE ${where} GROUP BY 1, 2, 3`);
}

/** Time spent in each stage by the deals: entries and their summed duration (an entry still open lasts until `now`). */
export function timeInStages(db: Db, from: SQL, where: SQL, now: number): { stageId: number; entries: number; ms: number }[] {
  return db.all(sql`
    SELECT c.stage_id AS stageId, count(*) AS entries, sum(coalesce(c.left_at, ${now}) - c.entered_at) AS ms
    FROM ${from} JOIN deal_stage_changes c ON ${deals.id} = c.deal_id
    WHERE ${where} GROUP BY 1`);
}

export interface ProductRow {
  key: string;
  name: string;
  currency: string;
  deals: number;
  quantity: number;
  sum: number;
}

/** Product rows of the deals, per product (a free-text row by its name) and the deal's currency; the `limit` selling most (weighed at `weight`). */
export function productSales(db: Db, where: SQL, weight: SQL, limit: number): ProductRow[] {
  const key = sql`coalesce('p' || r.product_id, 'n' || r.name)`;
  const rows = sql`product_rows r JOIN ${deals} ON ${deals.id} = r.entity_id AND r.entity = 'deal'`;
  return db.all<ProductRow>(sql`
    SELECT ${key} AS key, min(r.name) AS name, ${deals.currency} AS currency, count(DISTINCT r.entity_id) AS deals,
      sum(r.quantity) AS quantity, sum(r.total_minor) AS sum
    FROM ${rows} WHERE ${where} AND ${key} IN (
      SELECT ${key} FROM ${rows} WHERE ${where} GROUP BY 1 ORDER BY sum(r.total_minor * ${weight}) DESC, 1 LIMIT ${limit})
    GROUP BY 1, 3`);
}

/** All product rows of the deals, per currency: the report's totals. */
export function productTotals(db: Db, where: SQL): { currency: string; deals: number; quantity: number; sum: number }[] {
  return db.all(sql`
    SELECT ${deals.currency} AS currency, count(DISTINCT r.entity_id) AS deals, sum(r.quantity) AS quantity, sum(r.total_minor) AS sum
    FROM product_rows r JOIN ${deals} ON ${deals.id} = r.entity_id AND r.entity = 'deal' WHERE ${where} GROUP BY 1`);
}

export function leadsByStatus(db: Db, where: SQL): { statusId: number; count: number }[] {
  return db.all(sql`SELECT ${leads.statusId} AS statusId, count(*) AS count FROM ${leads} WHERE ${where} GROUP BY 1`);
}

/** Walks activities_report_done in its (person, type) order: no sort of a year's activities. */
export function activityCounts(db: Db, where: SQL): { responsibleId: number; type: string; count: number }[] {
  return db.all(sql`SELECT ${activities.responsibleId} AS responsibleId, ${activities.type} AS type, count(*) AS count
    FROM ${activities} INDEXED BY activities_report_done WHERE ${where} GROUP BY 1, 2`);
}

export interface ActivityLine {
  id: number;
  type: string;
  subject: string;
  responsibleId: number;
  doneAt: number;
}

export function activityLines(db: Db, where: SQL, limit: number): ActivityLine[] {
  return db.all<ActivityLine>(sql`
    SELECT ${activities.id} AS id, ${activities.type} AS type, ${activities.subject} AS subject, ${activities.responsibleId} AS responsibleId, ${activities.doneAt} AS doneAt
    FROM ${activities} WHERE ${where} ORDER BY ${activities.doneAt} DESC, ${activities.id} DESC LIMIT ${limit}`);
}

export function rememberedFilter(db: Db, userId: number, report: string): string | null {
  return db.get<{ params: string }>(sql`SELECT params FROM report_filters WHERE user_id = ${userId} AND report = ${report}`)?.params ?? null;
}

export function rememberFilter(db: Db, userId: number, report: string, params: string): void {
  db.run(sql`INSERT INTO report_filters (user_id, report, params) VALUES (${userId}, ${report}, ${params})
    ON CONFLICT (user_id, report) DO UPDATE SET params = excluded.params`);
}
