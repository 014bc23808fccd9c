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
  stamp: string;
  values: Map<string, unknown>;
  stampOf: () => string;
}

const memos = new WeakMap<Db, Memo>();

/** drizzle keeps the better-sqlite3 connection it was given as `$client`. */
const clientOf = (db: Db) => (db as Db & { $client: Database.Database }).$client;

function memoOf(db: Db): Memo {
  let memo = memos.get(db);
  if (!memo) {
    const sqlite = clientOf(db);
    const stamp = sqlite.prepare("SELECT total_changes() || ':' || (SELECT data_version FROM pragma_data_version)").pluck();
    memo = { stamp: '', values: new Map(), stampOf: () => stamp.get() as string };
    memos.set(db, memo);
  }
  return memo;
}

export function memo<T>(db: Db, key: string, read: () => T): T {
  if (clientOf(db).inTransaction) return read();
  const m = memoOf(db);
  const stamp = m.stampOf();
  if (stamp !== m.stamp) {
    m.values.clear();
    m.stamp = stamp;
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
