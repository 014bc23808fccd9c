import type { SQL } from 'drizzle-orm';
import type { MessageKey } from '../../i18n/index.js';

/**
 * The list engine's field descriptors. Each entity's list is an array of these: what a column shows,
 * how it sorts and how it is filtered, all from one SQL expression over the entity's table. A custom
 * field becomes a list field by appending a descriptor whose value is
 * sql`json_extract(${table.custom}, ${'$.' + key})` and whose label is the definition's own text.
 */
export type FieldKind = 'text' | 'number' | 'money' | 'date' | 'datetime' | 'boolean' | 'reference' | 'user' | 'stage' | 'status';

/** A message key for built-in fields; a user's own words for custom fields. */
export type Label = { key: MessageKey } | { text: string };

/** The names (and chip colours) behind ids, from a memoized list (db/memo.ts). */
export type Names = ReadonlyMap<number, { text: string; extra?: string | null }>;

export interface Choice {
  id: number;
  name: string;
  /** Options of "is one of" filters may come in groups (stages by pipeline). */
  group?: string;
}

/**
 * A sort by the name (or place) behind an id, walked through the small table that holds it: its
 * (order, id) index gives its rows in order and, for each, the list's (key, id) index gives that row's
 * records, so nothing is sorted. Sorting every record by a subquery instead took 50–120 ms at 200 000
 * deals. Two items of one name keep their records apart, in the items' id order.
 */
export interface Through {
  table: string;
  /** The index on (…, order, id) the walk follows. */
  index: string;
  order: string;
  /** The record's column holding the item's id. */
  key: SQL;
  /**
   * When only some items are shown (live ones the reader may see; a partial index needs its condition
   * here too): the condition on the table, by its own name, and the condition on the records whose
   * item is not shown, which take the place of those without one. Without them the walk takes the
   * whole table and only records without an item are left out of it.
   */
  shown?: SQL;
  hidden?: SQL;
}

/** What a text filter asks: the typed text, folded, and whether it must be the whole value. */
export interface TextMatch {
  typed: string;
  folded: string;
  equals: boolean;
  /** The comparison on one text expression: contains (or equals) the folded text, ignoring case. */
  test(expr: SQL): SQL;
}

export interface ListField {
  key: string;
  label: Label;
  kind: FieldKind;
  /** What the field filters by and, unless `sort` says otherwise, sorts by: for reference kinds the id. */
  value: SQL;
  /** What a cell shows when that is not the value: the name behind an id. */
  text?: SQL;
  /** The currency of a money value; the colour of a stage or status chip. */
  extra?: SQL;
  /** Instead of `text` and `extra`: the names behind the value's ids, looked up once per page rather than by a subquery per row. */
  names?: () => Names;
  /** The sort expression when it differs from the value (a name, a stage's position). */
  sort?: SQL;
  /** The same sort, walked through the table behind the value; used unless a quick search picked the rows. */
  through?: Through;
  sortable: boolean;
  filterable: boolean;
  /** False for NOT NULL columns: keyset paging then needs no NULL branch and uses the index directly. */
  nullable: boolean;
  /**
   * A text filter's condition when testing `value` row by row would be slow: a value computed from
   * other tables (the client's title, the phones) is tested in those tables once, and the records
   * picked by id.
   */
  match?: (m: TextMatch) => SQL;
  /** The options of an "is one of" filter (reference, user, stage, status). */
  choices?: () => Choice[];
  /** The cell links to the record's page. */
  link?: boolean;
  /** The filter's query parameter; `f.<key>` unless told (the deal list keeps `pipeline` for its old links). */
  param?: string;
  /** Right-aligned (amounts, numbers). */
  numeric?: boolean;
}

type Options = Partial<Omit<ListField, 'key' | 'label' | 'kind' | 'value'>>;

/** A descriptor with the usual defaults: sortable, filterable, nullable. */
export function field(kind: FieldKind, key: string, label: MessageKey | Label, value: SQL, options: Options = {}): ListField {
  return {
    key,
    label: typeof label === 'string' ? { key: label } : label,
    kind,
    value,
    sortable: true,
    filterable: true,
    nullable: true,
    numeric: kind === 'money' || kind === 'number',
    ...options,
  };
}

export const paramOf = (f: ListField): string => f.param ?? `f.${f.key}`;

export const sortExpression = (f: ListField): SQL => f.sort ?? f.value;
