import { and, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/connection.js';
import { keysetAfter, keysetOrder, type Cursor, type Direction } from '../paging.js';
import { sortExpression, type ListField, type Through } from './fields.js';
import type { ListSpec } from './spec.js';

export interface Cell {
  value: unknown;
  text: unknown;
  extra: unknown;
}

export interface ListRow {
  id: number;
  /** Where the next page starts when this row is the page's last. */
  cursor: Cursor;
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

type Spec = Pick<ListSpec, 'table' | 'id' | 'deletedAt'>;

/** The page's rows in order: a subquery (or a list of ids) to join the shown fields to, and each row's cursor. */
interface Picked {
  from: SQL;
  /** The picked id's column in `from`, the sort value the cursor needs (selected as `s`), and the order of `from`'s rows. */
  id: SQL;
  value: SQL;
  order: SQL;
  cursor(row: Record<string, unknown>): Cursor;
}

function pick(db: Db, spec: Spec, o: PageOptions, where: (SQL | undefined)[]): Picked | null {
  const through = o.ids ? undefined : o.sort.through;
  if (through) {
    const cursors = throughOrder(db, spec, o, through, where);
    if (cursors.length === 0) return null;
    const byId = new Map(cursors.map((c) => [c.id, c]));
    return { from: sql`json_each(${JSON.stringify(cursors.map((c) => c.id))})`, id: sql`page.value`, value: sql`NULL`, order: sql`page.key`, cursor: (r) => byId.get(r.id as number)! };
  }
  const order = sortExpression(o.sort);
  const keyset = keysetAfter(order, spec.id, o.dir, o.after, o.sort.nullable);
  return {
    from: sql`(SELECT ${spec.id} AS id, ${order} AS value FROM ${spec.table} WHERE ${and(...where, keyset)} ORDER BY ${keysetOrder(order, spec.id, o.dir)} LIMIT ${o.limit})`,
    id: sql`page.id`,
    value: sql`page.value`,
    order: keysetOrder(sql`page.value`, sql`page.id`, o.dir),
    cursor: (r) => ({ value: (r.s ?? null) as Cursor['value'], id: r.id as number }),
  };
}

/**
 * A sort through another table in two parts: the records without an item (first going up, last going
 * down), by id; then the joined walk, with the table forced outermost in its index's order so SQLite
 * neither reorders the join nor sorts. The cursor says which part it stopped in.
 */
function throughOrder(db: Db, spec: Spec, o: PageOptions, through: Through, where: (SQL | undefined)[]): Cursor[] {
  const after = o.after;
  const inNulls = after !== null && after.value === null && after.via === undefined;
  const up = o.dir === 'asc';
  const dir = sql.raw(up ? 'ASC' : 'DESC');
  const beyond = sql.raw(up ? '>' : '<');
  const table = sql.identifier(through.table);
  const order = sql`${table}.${sql.identifier(through.order)}`;
  const item = sql`${table}.id`;
  const nulls = () =>
    db.all<Cursor>(sql`SELECT ${spec.id} AS id, NULL AS value FROM ${spec.table}
      WHERE ${and(...where, through.hidden ? sql`(${through.hidden})` : sql`${through.key} IS NULL`, inNulls ? sql`${spec.id} ${beyond} ${after.id}` : undefined)}
      ORDER BY ${spec.id} ${dir} LIMIT ${o.limit}`);
  const joined = () => {
    // A cursor from before this sort walked through the table has no item id: the page restarts at its value's first item.
    const via = after?.via ?? (up ? 0 : Number.MAX_SAFE_INTEGER);
    const keyset = after && !inNulls ? sql`(${order}, ${item}, ${spec.id}) ${beyond} (${after.value}, ${via}, ${after.id})` : undefined;
    return db.all<Cursor>(sql`SELECT ${spec.id} AS id, ${order} AS value, ${item} AS via
      FROM ${table} INDEXED BY ${sql.identifier(through.index)} CROSS JOIN ${spec.table} ON ${through.key} = ${item}
      WHERE ${and(...where, through.shown, keyset)}
      ORDER BY ${order} ${dir}, ${item} ${dir}, ${spec.id} ${dir} LIMIT ${o.limit}`);
  };
  const parts: (() => Cursor[])[] = [];
  if (up && o.sort.nullable && (after === null || inNulls)) parts.push(nulls);
  if (!(inNulls && !up)) parts.push(joined);
  if (!up && o.sort.nullable) parts.push(nulls);
  const out: Cursor[] = [];
  for (const part of parts) {
    if (out.length >= o.limit) break;
    out.push(...part().slice(0, o.limit - out.length));
  }
  return out;
}

/**
 * One page of live records, ordered by (sort, id) and paged by key: no OFFSET and no count, so the
 * cost is the same on the first page and the thousandth. The page's rows are chosen first, by the sort
 * value alone; the shown fields are computed for those rows only. Computed in the same pass, a sort
 * that walks no index computed every field (a contact's phones, a deal's client) for each row it
 * sorted: up to 1.3 s at 200 000 contacts, against about 100 ms now.
 */
export function listPage(db: Db, spec: Spec, o: PageOptions): ListRow[] {
  const where = [sql`${spec.deletedAt} IS NULL`, o.visible, o.ids ? inArray(spec.id, o.ids) : undefined, ...o.conditions];
  const picked = pick(db, spec, o, where);
  if (!picked) return [];
  const columns = [sql`${spec.id} AS id`, sql`${picked.value} AS s`, sql`${o.editable ?? sql`1`} AS e`];
  o.shown.forEach((f, i) => {
    columns.push(sql`${f.value} AS ${sql.raw(`v${i}`)}`);
    if (f.names) return;
    if (f.text) columns.push(sql`${f.text} AS ${sql.raw(`t${i}`)}`);
    if (f.extra) columns.push(sql`${f.extra} AS ${sql.raw(`x${i}`)}`);
  });
  const rows = db.all<Record<string, unknown>>(
    sql`SELECT ${sql.join(columns, sql`, `)} FROM ${picked.from} AS page JOIN ${spec.table} ON ${spec.id} = ${picked.id} ORDER BY ${picked.order}`,
  );
  const names = o.shown.map((f) => f.names?.());
  return rows.map((r) => ({
    id: r.id as number,
    cursor: picked.cursor(r),
    cells: o.shown.map((_f, i) => {
      const value = r[`v${i}`] ?? null;
      const named = names[i] && typeof value === 'number' ? names[i].get(value) : undefined;
      return names[i] ? { value, text: named?.text ?? null, extra: named?.extra ?? null } : { value, text: r[`t${i}`] ?? null, extra: r[`x${i}`] ?? null };
    }),
    mayEdit: Boolean(r.e),
  }));
}
