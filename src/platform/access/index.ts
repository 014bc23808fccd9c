import { inArray, or, eq, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import type { CurrentUser } from '../auth/sessions.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { Action, Entity, Scope } from './model.js';
import { colleagueIds } from './queries.js';

/**
 * The one place that decides what a user may do (DESIGN.md, "Access control"). Every list, record
 * page, search, report, export, notification and API call asks here:
 *  - may(user, 'settings' | 'catalog' | 'exchange') for administration and the 1C exchange endpoint;
 *  - scopeOf / mayEntity for "may this user do ACTION on ENTITY at all";
 *  - mayRecord for one loaded record;
 *  - rowCondition for "which rows may this user see", as a SQL condition for the list's query.
 *
 * "Own" means the record's responsible user is me. Records I created but handed to a colleague are
 * theirs, not mine: reassigning a record hands over the work, and a creator who kept seeing everything
 * they ever entered would defeat that (docs/decisions.md).
 */
export type Capability = 'settings' | 'catalog' | 'forms' | 'exchange';

/** 'forms': building web forms and moderating what they receive, which every administrator may too. */
export function may(user: CurrentUser, capability: Capability): boolean {
  if (capability === 'settings') return user.rights.maySettings;
  if (capability === 'forms') return user.rights.maySettings || user.rights.mayEditForms;
  return capability === 'catalog' ? user.rights.mayEditCatalog : user.rights.mayExchange;
}

export function assertMay(user: CurrentUser, capability: Capability): void {
  if (!may(user, capability)) throw new ForbiddenError();
}

export function scopeOf(user: CurrentUser, entity: Entity, action: Action): Scope {
  return user.rights.matrix[entity][action];
}

export function mayEntity(user: CurrentUser, entity: Entity, action: Action): boolean {
  return scopeOf(user, entity, action) !== 'none';
}

/** The owner-related fields of a record, as every sales entity has them. */
export interface Owned {
  responsibleId: number | null;
  /** "Available to everyone": open to all who may read the entity. */
  everyone?: boolean;
}

function withinScope(db: Db, user: CurrentUser, scope: Scope, responsibleId: number | null): boolean {
  switch (scope) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'own':
      return responsibleId === user.id;
    case 'department':
    case 'subdepartments':
      return responsibleId !== null && colleagueIds(db, user.id, scope === 'subdepartments').includes(responsibleId);
  }
}

export function mayRecord(db: Db, user: CurrentUser, entity: Entity, action: Action, record: Owned): boolean {
  const scope = scopeOf(user, entity, action);
  if (scope === 'none') return false;
  if (action === 'read' && record.everyone) return true;
  return withinScope(db, user, scope, record.responsibleId);
}

/**
 * For a record already loaded: outside the read scope it does not exist for this user (404, so its
 * existence does not leak); readable but outside the action's scope is a 403 with a clear message.
 */
export function assertRecord(db: Db, user: CurrentUser, entity: Entity, action: Action, record: Owned): void {
  if (!mayRecord(db, user, entity, 'read', record)) throw new NotFoundError();
  if (action !== 'read' && !mayRecord(db, user, entity, action, record)) throw new ForbiddenError();
}

/**
 * The rows of an entity this user may ACTION, as a condition for the list's WHERE clause; undefined
 * means "all rows". `everyone` is the entity's "available to everyone" column, when it has one.
 */
export function rowCondition(
  db: Db,
  user: CurrentUser,
  entity: Entity,
  action: Action,
  columns: { responsible: SQLiteColumn; everyone?: SQLiteColumn },
): SQL | undefined {
  const scope = scopeOf(user, entity, action);
  if (scope === 'all') return undefined;
  if (scope === 'none') return sql`0`;
  const mine =
    scope === 'own' ? eq(columns.responsible, user.id) : inArray(columns.responsible, colleagueIds(db, user.id, scope === 'subdepartments'));
  return action === 'read' && columns.everyone ? or(mine, eq(columns.everyone, true)) : mine;
}
