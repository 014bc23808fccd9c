import type { Db } from './connection.js';

/**
 * Queries that run on every request (the session, the user's rights, the company) are built and
 * prepared once per database and reused: building a drizzle query and preparing its SQL costs more
 * than running it.
 */
const byDb = new WeakMap<Db, Map<string, unknown>>();

export function prepared<T>(db: Db, key: string, build: () => T): T {
  let cache = byDb.get(db);
  if (!cache) {
    cache = new Map();
    byDb.set(db, cache);
  }
  let query = cache.get(key) as T | undefined;
  if (query === undefined) {
    query = build();
    cache.set(key, query);
  }
  return query;
}
