import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { activities, departments, deals, leads, userDepartments } from '../../db/schema/index.js';
import { rowCondition, scopeOf } from '../../platform/access/index.js';
import { widest } from '../../platform/access/model.js';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { colleagueIds } from '../../platform/access/queries.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ForbiddenError } from '../../platform/errors.js';
import { dayStart } from '../../platform/format.js';
import { subtreeIds } from '../../platform/tree.js';
import type { ReportFilter } from './form.js';

/**
 * Whose figures a report counts, and how its filter reads as SQL and as a list link.
 *
 * Rights: the 'report' read scope decides whose figures a user sees (a manager their own, a head their
 * department's, the director everyone's), and the record's own read scope applies on top, both through
 * the access module's rowCondition. The people the filter and the scope leave are also written into
 * every drill-down link (the list's responsible filter), so a list shows exactly the records behind the
 * figure — a deal "available to everyone" that a manager may open is still not one of their figures.
 */
export interface Cut {
  /** The responsible users the figures may belong to; null: anyone. */
  people: number[] | null;
  periodStart: number;
  /** The first moment after the period. */
  periodEnd: number;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function departmentPeople(db: Db, departmentId: number): number[] {
  const all = db.select({ id: departments.id, parentId: departments.parentId, name: departments.name }).from(departments).all();
  const ids = [...subtreeIds(all, departmentId)];
  if (!ids.length) return [];
  return [...new Set(db.select({ id: userDepartments.userId }).from(userDepartments).where(inArray(userDepartments.departmentId, ids)).all().map((r) => r.id))];
}

const meet = (a: number[] | null, b: number[] | null): number[] | null => (a === null ? b : b === null ? a : a.filter((x) => b.includes(x)));

/** The responsible users whose figures this user may see (null: everyone's), by their 'report' read scope. */
export function reportPeople(db: Db, user: CurrentUser): number[] | null {
  const scope = scopeOf(user, 'report', 'read');
  if (scope === 'none') throw new ForbiddenError();
  return scope === 'all' ? null : scope === 'own' ? [user.id] : colleagueIds(db, user.id, scope === 'subdepartments');
}

export function cutOf(db: Db, user: CurrentUser, filter: ReportFilter, timeZone: string): Cut {
  const inScope = reportPeople(db, user);
  let people = meet(inScope, filter.responsible === null ? null : [filter.responsible]);
  if (filter.department !== null) people = meet(people, departmentPeople(db, filter.department));
  return { people, periodStart: dayStart(filter.from, timeZone), periodEnd: dayStart(nextDay(filter.to), timeZone) };
}

/** `column` is one of `ids` (null: any; none: nothing). */
const peopleIn = (column: SQL, people: number[] | null): SQL | undefined =>
  people === null ? undefined : people.length ? sql`${column} IN (${sql.join(people.map((p) => sql`${p}`), sql`, `)})` : sql`0`;

/**
 * The record's read condition, unless the report's already implies it: when the user reads the entity
 * at least as widely as they see reports, "responsible within my report scope" already keeps only
 * readable rows, and leaving the record's condition out keeps its "available to everyone" column out
 * of the query, which the report indexes do not hold.
 */
function readable(db: Db, user: CurrentUser, entity: 'deal' | 'lead' | 'contact' | 'company', columns: { responsible: SQLiteColumn; everyone?: SQLiteColumn }): SQL | undefined {
  const report = scopeOf(user, 'report', 'read');
  const record = scopeOf(user, entity, 'read');
  if (record !== 'none' && widest(record, report) === record) return undefined;
  return rowCondition(db, user, entity, 'read', columns);
}

/** Live deals this user may count, within the filter's people, pipeline, type and company (not its period). */
export function dealWhere(db: Db, user: CurrentUser, filter: ReportFilter, cut: Cut, pipelineStages: number[]): SQL {
  return and(
    isNull(deals.deletedAt),
    rowCondition(db, user, 'report', 'read', { responsible: deals.responsibleId }),
    readable(db, user, 'deal', { responsible: deals.responsibleId, everyone: deals.everyone }),
    peopleIn(sql`${deals.responsibleId}`, cut.people),
    // By its stages: the report indexes hold the stage, not the pipeline.
    filter.pipeline === null ? undefined : peopleIn(sql`${deals.stageId}`, pipelineStages),
    filter.type === null ? undefined : eq(deals.typeId, filter.type),
    filter.company === null ? undefined : eq(deals.companyId, filter.company),
  )!;
}

/**
 * Live records of any sales entity this user may count (the report builder): as dealWhere without
 * the standard reports' own filters — within the 'report' scope and the record's read scope, and
 * among the cut's people.
 */
export function recordWhere(
  db: Db,
  user: CurrentUser,
  entity: 'deal' | 'lead' | 'contact' | 'company',
  columns: { responsible: SQLiteColumn; deletedAt: SQLiteColumn; everyone?: SQLiteColumn },
  cut: Cut,
): SQL {
  const own = columns.everyone ? { responsible: columns.responsible, everyone: columns.everyone } : { responsible: columns.responsible };
  return and(
    isNull(columns.deletedAt),
    rowCondition(db, user, 'report', 'read', { responsible: columns.responsible }),
    readable(db, user, entity, own),
    peopleIn(sql`${columns.responsible}`, cut.people),
  )!;
}

export function leadWhere(db: Db, user: CurrentUser, cut: Cut): SQL {
  return and(
    isNull(leads.deletedAt),
    rowCondition(db, user, 'report', 'read', { responsible: leads.responsibleId }),
    readable(db, user, 'lead', { responsible: leads.responsibleId, everyone: leads.everyone }),
    peopleIn(sql`${leads.responsibleId}`, cut.people),
    sql`${leads.createdAt} >= ${cut.periodStart} AND ${leads.createdAt} < ${cut.periodEnd}`,
  )!;
}

/** Activities of the people whose work this user may see (an activity's figures are its responsible's). */
export function activityScope(db: Db, user: CurrentUser, cut: Cut): SQL {
  return and(rowCondition(db, user, 'report', 'read', { responsible: activities.responsibleId }), peopleIn(sql`${activities.responsibleId}`, cut.people)) ?? sql`1`;
}

/** Activities done in the period by the people whose work this user may see. */
export function activityWhere(db: Db, user: CurrentUser, cut: Cut): SQL {
  return and(sql`${activities.doneAt} IS NOT NULL AND ${activities.doneAt} >= ${cut.periodStart} AND ${activities.doneAt} < ${cut.periodEnd}`, activityScope(db, user, cut))!;
}

/** The filter as the record list's own parameters (platform/records/list/filters.ts), period excluded. */
export function listParams(filter: ReportFilter, cut: Cut, company: string | null, forDeals: boolean): URLSearchParams {
  const p = new URLSearchParams();
  if (cut.people !== null) for (const id of cut.people.length ? cut.people : [0]) p.append('f.responsible', String(id));
  if (forDeals) {
    if (filter.pipeline !== null) p.set('pipeline', String(filter.pipeline));
    if (filter.type !== null) p.set('f.type', String(filter.type));
    if (company !== null) {
      p.set('f.company', company);
      p.set('f.company.op', 'equals');
    }
  }
  return p;
}
