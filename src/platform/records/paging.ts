import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * Keyset paging for big lists (DESIGN.md: never a large OFFSET, never a COUNT(*) per page view): the
 * page after a row is "sort value beyond the row's, or equal with a larger id". The cursor carries the
 * last row's sort value and id.
 */
export interface Cursor {
  value: string | number | null;
  id: number;
  /** For a sort through another table (list/fields.ts, "Through"): the id of the row the value came from. */
  via?: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c.via === undefined ? [c.value, c.id] : [c.value, c.id, c.via])).toString('base64url');
}

export function decodeCursor(s: unknown): Cursor | null {
  if (typeof s !== 'string' || s.length > 500) return null;
  try {
    const [value, id, via] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
    if (!Number.isInteger(id) || !(typeof value === 'string' || typeof value === 'number' || value === null)) return null;
    if (via !== undefined && !Number.isInteger(via)) return null;
    return via === undefined ? { value, id: id as number } : { value, id: id as number, via: via as number };
  } catch {
    return null;
  }
}

export type Direction = 'asc' | 'desc';

/** SQLite puts NULLs first going up and last going down; the keyset conditions below follow that. */
export function keysetOrder(expr: SQLWrapper, idColumn: SQLWrapper, dir: Direction): SQL {
  return dir === 'asc' ? sql`${expr} ASC, ${idColumn} ASC` : sql`${expr} DESC, ${idColumn} DESC`;
}

/**
 * A row-value comparison, (sort, id) > (value, id): SQLite walks the (sort, id) index from there. For
 * a nullable expression the NULL rows (first going up, last going down) get their own branch, since
 * a comparison with NULL is never true.
 */
export function keysetAfter(expr: SQLWrapper, idColumn: SQLWrapper, dir: Direction, cursor: Cursor | null, nullable = false): SQL | undefined {
  if (!cursor) return undefined;
  const beyond = dir === 'asc' ? sql`(${expr}, ${idColumn}) > (${cursor.value}, ${cursor.id})` : sql`(${expr}, ${idColumn}) < (${cursor.value}, ${cursor.id})`;
  if (!nullable) return beyond;
  if (cursor.value === null) {
    return dir === 'asc' ? sql`((${expr} IS NULL AND ${idColumn} > ${cursor.id}) OR ${expr} IS NOT NULL)` : sql`(${expr} IS NULL AND ${idColumn} < ${cursor.id})`;
  }
  return dir === 'asc' ? beyond : sql`(${beyond} OR ${expr} IS NULL)`;
}
