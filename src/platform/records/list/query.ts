import { and, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/connection.js';
import { keysetAfter, keysetOrder, type Cursor, type Direction } from '../paging.js';
import { sortExpression, type ListField } from './fields.js';
import type { ListSpec } from './spec.js';

export interface Cell {
  value: unknown;
  text: unknown;
  extra: unknown;
}

export interface ListRow {
  id: number;
  /** The sort value, for the next page's cursor. */
  sortValue: string | number | null;
  /** One per shown field, in the shown order. */
  cells: Cell[];
  /** The user may edit this record: its row offers "add activity". */
  mayEdit: boolean;
}

export interface PageOptions {
  shown: ListField[];
  conditions: SQL[];
  /** Record ids from the quick search, or null when there is none. */
  ids: number[] | null;
  visible: SQL | undefined;
  /** The rows this user may edit; left out: all of them. */
  editable?: SQL | undefined;
  sort: ListField;
  dir: Direction;
  after: Cursor | null;
  limit: number;
}

/**
 * One page of live records, ordered by (sort, id) and paged by key: no OFFSET and no count, so the
 * cost is the same on the first page and the thousandth. The page's ids are chosen first, by the sort
 * value alone; the shown fields are computed for those rows only. Computed in the same pass, a sort
 * that walks no index computed every field (a contact's phones, a deal's client) for each row it
 * sorted: up to 1.3 s at 200 000 contacts, against 80 ms now.
 */
export function listPage(db: Db, spec: Pick<ListSpec, 'table' | 'id' | 'deletedAt'>, o: PageOptions): ListRow[] {
  const order = sortExpression(o.sort);
  const columns = [sql`page.id AS id`, sql`page.s AS s`, sql`${o.editable ?? sql`1`} AS e`];
  o.shown.forEach((f, i) => {
    columns.push(sql`${f.value} AS ${sql.raw(`v${i}`)}`);
    if (f.names) return;
    if (f.text) columns.push(sql`${f.text} AS ${sql.raw(`t${i}`)}`);
    if (f.extra) columns.push(sql`${f.extra} AS ${sql.raw(`x${i}`)}`);
  });
  const where = and(
    sql`${spec.deletedAt} IS NULL`,
    o.visible,
    o.ids ? inArray(spec.id, o.ids) : undefined,
    ...o.conditions,
    keysetAfter(order, spec.id, o.dir, o.after, o.sort.nullable),
  );
  const page = sql`SELECT ${spec.id} AS id, ${order} AS s FROM ${spec.table} WHERE ${where} ORDER BY ${keysetOrder(order, spec.id, o.dir)} LIMIT ${o.limit}`;
  const rows = db.all<Record<string, unknown>>(
    sql`SELECT ${sql.join(columns, sql`, `)} FROM (${page}) AS page JOIN ${spec.table} ON ${spec.id} = page.id ORDER BY ${keysetOrder(sql`page.s`, sql`page.id`, o.dir)}`,
  );
  const names = o.shown.map((f) => f.names?.());
  return rows.map((r) => ({
    id: r.id as number,
    sortValue: (r.s ?? null) as string | number | null,
    cells: o.shown.map((_f, i) => {
      const value = r[`v${i}`] ?? null;
      const named = names[i] && typeof value === 'number' ? names[i].get(value) : undefined;
      return names[i] ? { value, text: named?.text ?? null, extra: named?.extra ?? null } : { value, text: r[`t${i}`] ?? null, extra: r[`x${i}`] ?? null };
    }),
    mayEdit: Boolean(r.e),
  }));
}
