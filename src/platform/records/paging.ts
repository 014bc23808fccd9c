import { asc, desc, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * Keyset paging for big lists (DESIGN.md: never a large OFFSET, never a COUNT(*) per page view): the
 * page after a row is "sort value beyond the row's, or equal with a larger id". The cursor carries the
 * last row's sort value and id.
 */
export interface Cursor {
  value: string | number | null;
  id: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.value, c.id])).toString('base64url');
}

export function decodeCursor(s: unknown): Cursor | null {
  if (typeof s !== 'string' || s.length > 500) return null;
  try {
    const [value, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as [unknown, unknown];
    if (!Number.isInteger(id) || !(typeof value === 'string' || typeof value === 'number' || value === null)) return null;
    return { value, id: id as number };
  } catch {
    return null;
  }
}

export function keysetOrder(column: SQLiteColumn, idColumn: SQLiteColumn, dir: 'asc' | 'desc'): SQL[] {
  return dir === 'asc' ? [asc(column), asc(idColumn)] : [desc(column), desc(idColumn)];
}

/** A row-value comparison, (sort, id) > (value, id): SQLite walks the (sort, id) index from there. */
export function keysetAfter(column: SQLiteColumn, idColumn: SQLiteColumn, dir: 'asc' | 'desc', cursor: Cursor | null): SQL | undefined {
  if (!cursor) return undefined;
  return dir === 'asc' ? sql`(${column}, ${idColumn}) > (${cursor.value}, ${cursor.id})` : sql`(${column}, ${idColumn}) < (${cursor.value}, ${cursor.id})`;
}
