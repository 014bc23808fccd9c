import type { SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { CurrentUser } from '../../auth/sessions.js';
import type { MessageKey } from '../../i18n/index.js';
import type { Direction } from '../paging.js';
import type { SearchEntity } from '../search.js';
import type { Choice, ListField } from './fields.js';

/** What a bulk action asks for; each list offers some of these. */
export type BulkAction =
  | { kind: 'assign'; responsibleId: number }
  | { kind: 'stage'; stageId: number }
  | { kind: 'status'; statusId: number }
  | { kind: 'delete' };

export type BulkKind = BulkAction['kind'];

export interface BulkSpec<K extends BulkKind = BulkKind> {
  actions: K[];
  /** All-or-nothing: throws NotFound/Forbidden for a record out of reach, ValidationError for a bad target. */
  run(user: CurrentUser, ids: number[], action: Extract<BulkAction, { kind: K }>): number;
  /** The stages or statuses a "stage"/"status" action may move to. */
  targets?: (user: CurrentUser) => Choice[];
  /** Who an "assign" action may hand the records to. */
  assignees(): { id: number; fullName: string }[];
  done: MessageKey;
  refused: MessageKey;
  confirm: MessageKey;
  /** The bulk bar's label: "With the selected deals:". */
  selected: MessageKey;
}

/** What a list is of: the records with a search index, the catalog's products and the documents. */
export type ListEntity = SearchEntity | 'product' | 'quote' | 'invoice';

/** One entity's list: its table, fields, defaults and templates. */
export interface ListSpec<K extends BulkKind = BulkKind> {
  entity: ListEntity;
  /** The list's path, e.g. "/leads"; views, columns and bulk live under it. */
  base: string;
  table: SQLiteTable;
  id: SQLiteColumn;
  deletedAt: SQLiteColumn;
  /** The fields this user's list offers (a field may itself depend on what the user may read). */
  fields(user: CurrentUser): ListField[];
  columns: string[];
  sort: { key: string; dir: Direction };
  /** The access condition: rowCondition for reading the entity. */
  visible(user: CurrentUser): SQL | undefined;
  /** The page template (e.g. "leads/list") and the rows fragment ("leads/_rows"). */
  page: string;
  rows: string;
  /** Element ids: "<prefix>-rows", "<prefix>-more", "<prefix>-q". */
  prefix: string;
  title: MessageKey;
  empty: MessageKey;
  searchPlaceholder: MessageKey;
  mayAdd(user: CurrentUser): boolean;
  bulk?: BulkSpec<K>;
  /** The quick search's record ids (null: too short to search); the entity's search index unless told. */
  search?(q: string): number[] | null;
  /** The rows this user may edit (SQL on the table); the record rights of the entity unless told. */
  editable?(user: CurrentUser): SQL | undefined;
  /** Rows offer "add an activity" (records only); true unless told. */
  rowActions?: boolean;
  /** More for the page template beyond the list (the catalog's sections tree), from the request's query. */
  pageLocals?(user: CurrentUser, query: Record<string, unknown>): Record<string, unknown>;
}
