import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { memo } from '../../db/memo.js';
import { referenceItems, users } from '../../db/schema/index.js';
import type { Locale } from '../i18n/index.js';
import { recordedName, shownName, type BuiltinKind } from './builtin.js';

/** Names for ids, as history and pages show them. */
export function userName(db: Db, id: number | null): string | null {
  if (id === null) return null;
  return memo(db, 'names.userById', () => new Map(db.select({ id: users.id, n: users.fullName }).from(users).all().map((u) => [u.id, u.n]))).get(id) ?? null;
}

export function referenceItem(db: Db, id: number | null): { id: number; list: string; name: string; code: string | null } | null {
  if (id === null) return null;
  return db.select({ id: referenceItems.id, list: referenceItems.list, name: referenceItems.name, code: referenceItems.code }).from(referenceItems).where(eq(referenceItems.id, id)).get() ?? null;
}

/** A reference item as history records it: a built-in one by its message key, shown in each reader's language. */
export function recordedReference(db: Db, id: number | null): string | null {
  const item = referenceItem(db, id);
  return item ? recordedName(item.list as BuiltinKind, item) : null;
}

/** A reference item by the name this reader sees. */
export function referenceName(db: Db, id: number | null, locale: Locale): string | null {
  const item = referenceItem(db, id);
  return item ? shownName(locale, item.list as BuiltinKind, item) : null;
}

/** True when every id is an item of that reference list. */
export function inReferenceList(db: Db, list: string, id: number | null): boolean {
  if (id === null) return true;
  return db.select({ list: referenceItems.list }).from(referenceItems).where(eq(referenceItems.id, id)).get()?.list === list;
}

export function referenceNames(db: Db, ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  return new Map(db.select({ id: referenceItems.id, name: referenceItems.name }).from(referenceItems).where(inArray(referenceItems.id, ids)).all().map((r) => [r.id, r.name]));
}

/** An active user who can be made responsible for a record. */
export function isActiveUser(db: Db, id: number): boolean {
  return db.select({ a: users.isActive }).from(users).where(eq(users.id, id)).get()?.a === true;
}
