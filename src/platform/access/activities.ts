import { and, eq, exists, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import { activityBindings, companies, contacts, deals, leads } from '../../db/schema/index.js';
import type { CurrentUser } from '../auth/sessions.js';
import { mayRecord, rowCondition, scopeOf, type Owned } from './index.js';
import { colleagueIds } from './queries.js';

/**
 * Rights on activities (docs/decisions.md, "Activities"). An activity has no rights of its own: it is
 * visible to a user who may read at least one record it is bound to, or who is its responsible (the
 * assignee of a task, e.g. a courier who cannot otherwise read the deal). It may be changed (completed,
 * rescheduled) by its responsible or by whoever may edit one of its records.
 */
export type BoundEntity = 'lead' | 'contact' | 'company' | 'deal';

export interface BoundRecord {
  entity: BoundEntity;
  /** The loaded record, or null when it is gone (deleted). */
  record: Owned | null;
}

/** `bound` loads the activity's records, asked only when its responsible is someone else. */
export function mayActivity(db: Db, user: CurrentUser, action: 'read' | 'edit', activity: { responsibleId: number }, bound: () => BoundRecord[]): boolean {
  if (activity.responsibleId === user.id) return true;
  return bound().some((b) => b.record !== null && mayRecord(db, user, b.entity, action, b.record));
}

const tables = {
  lead: { table: leads, responsible: leads.responsibleId, everyone: leads.everyone, id: leads.id, deletedAt: leads.deletedAt },
  contact: { table: contacts, responsible: contacts.responsibleId, everyone: undefined, id: contacts.id, deletedAt: contacts.deletedAt },
  company: { table: companies, responsible: companies.responsibleId, everyone: undefined, id: companies.id, deletedAt: companies.deletedAt },
  deal: { table: deals, responsible: deals.responsibleId, everyone: deals.everyone, id: deals.id, deletedAt: deals.deletedAt },
} as const;

/** The rows of one kind of record this user may ACTION, as a condition on its table (a list's row actions). */
export function recordRows(db: Db, user: CurrentUser, entity: BoundEntity, action: 'read' | 'edit'): SQL | undefined {
  const t = tables[entity];
  return rowCondition(db, user, entity, action, { responsible: t.responsible, ...(t.everyone ? { everyone: t.everyone } : {}) });
}

/** The same rule as a condition on the activities table, for lists, "my activities" and the calendar. */
export function activityCondition(db: Db, user: CurrentUser, columns: { id: SQLiteColumn; responsible: SQLiteColumn }): SQL | undefined {
  const viaRecords: SQL[] = [];
  for (const [entity, t] of Object.entries(tables) as [BoundEntity, (typeof tables)[BoundEntity]][]) {
    if (scopeOf(user, entity, 'read') === 'none') continue;
    const readable = rowCondition(db, user, entity, 'read', { responsible: t.responsible, ...(t.everyone ? { everyone: t.everyone } : {}) });
    viaRecords.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(activityBindings)
          .innerJoin(t.table, eq(t.id, activityBindings.entityId))
          .where(and(eq(activityBindings.activityId, columns.id), eq(activityBindings.entity, entity), isNull(t.deletedAt), readable)),
      ),
    );
  }
  return or(eq(columns.responsible, user.id), ...viaRecords);
}

/**
 * Whose activities a user may switch to as "my department's": the colleagues their deal read scope
 * covers (a head of department's people); null for a user whose scope is their own records only.
 */
export function departmentPeople(db: Db, user: CurrentUser): number[] | null {
  const scope = scopeOf(user, 'deal', 'read');
  if (scope === 'none' || scope === 'own') return null;
  return colleagueIds(db, user.id, scope !== 'department');
}
