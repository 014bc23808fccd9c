import type Database from 'better-sqlite3';
import type { Db } from './connection.js';

/**
 * Values read from small tables that change rarely (the user's rights, stages, reference lists, custom
 * field definitions) are kept until the database changes. "Changed" is decided by SQLite, not by the
 * code that writes: `total_changes()` counts every row this connection has inserted, updated or
 * deleted (triggers included), and `PRAGMA data_version` moves when another connection commits (a
 * restore). Any write therefore empties the memo, so no write path can leave a stale value behind.
 * Inside a transaction nothing is kept or served: what it reads may still be rolled back.
 *
 * The values are shared between requests: callers read them and never change them.
 */
interface Memo {
  changes: number;
  version: number;
  values: Map<string, unknown>;
  totalChanges: () => number;
  dataVersion: () => number;
}

const memos = new WeakMap<Db, Memo>();

/** drizzle keeps the better-sqlite3 connection it was given as `$client`. */
const clientOf = (db: Db) => (db as Db & { $client: Database.Database }).$client;

function memoOf(db: Db): Memo {
  let memo = memos.get(db);
  if (!memo) {
    const sqlite = clientOf(db);
    const totalChanges = sqlite.prepare('SELECT total_changes()').pluck();
    const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
    memo = { changes: -1, version: -1, values: new Map(), totalChanges: () => totalChanges.get() as number, dataVersion: onceATask(() => dataVersion.get() as number) };
    memos.set(db, memo);
  }
  return memo;
}

/**
 * `data_version` costs ten times what `total_changes()` does, and a page asks the memo dozens of
 * times. It is read once per task of the event loop: another connection's commit can land at any
 * moment anyway, so code running without a pause cannot tell it from one that landed just after.
 */
function onceATask(read: () => number): () => number {
  let value: number | null = null;
  return () => {
    if (value === null) {
      value = read();
      queueMicrotask(() => (value = null));
    }
    return value;
  };
}

export function memo<T>(db: Db, key: string, read: () => T): T {
  if (clientOf(db).inTransaction) return read();
  const m = memoOf(db);
  const changes = m.totalChanges();
  const version = m.dataVersion();
  if (changes !== m.changes || version !== m.version) {
    m.values.clear();
    m.changes = changes;
    m.version = version;
  }
  if (m.values.has(key)) return m.values.get(key) as T;
  const value = frozen(read());
  m.values.set(key, value);
  return value;
}

/** A shared value is frozen all the way down, so code that would change it fails at once instead of changing it for everyone. */
function frozen<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) frozen(inner);
  }
  return value;
}
