import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema/index.js';
import { loadAddon } from '../native.js';

export type Db = BetterSQLite3Database<typeof schema>;
export type Sqlite = Database.Database;

export interface DbHandle {
  sqlite: Sqlite;
  db: Db;
}

/** Inside the single executable the addon comes from there (src/native.ts); otherwise from node_modules. */
export function sqliteOptions(extra: Database.Options = {}): Database.Options {
  // better-sqlite3 takes the loaded addon object too, though its typings only mention a path.
  const nativeBinding = loadAddon('better_sqlite3') as string | undefined;
  return nativeBinding ? { ...extra, nativeBinding } : extra;
}

/**
 * Opens the database with the pragmas every connection needs (DESIGN.md, "Data"):
 * WAL, synchronous=FULL so an acknowledged write survives a power cut, foreign keys, a busy timeout,
 * a 64 MiB page cache.
 */
export function openDatabase(file: string): DbHandle {
  const sqlite = new Database(file, sqliteOptions());
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  return handleOf(sqlite);
}

/**
 * A second connection that only reads (the report worker, src/features/reports/runner.ts): the same
 * caches and functions as the server's, on a database the server has already opened in WAL mode, so
 * it reads the last committed state without waiting for writers.
 */
export function openReader(file: string): DbHandle {
  const sqlite = new Database(file, sqliteOptions({ readonly: true, fileMustExist: true }));
  return handleOf(sqlite);
}

function handleOf(sqlite: Sqlite): DbHandle {
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's own page cache is 2 MiB by default: at hundreds of thousands of records a list or board
  // reads its pages from the operating system again on every request (measured: 64 MiB cut the kanban's SQL from 2.0 to 1.3 ms).
  sqlite.pragma('cache_size = -65536');
  cacheStatements(sqlite);
  // SQLite's LIKE and lower() fold ASCII only; casefold() lets small lookups match "петр" in "Петров".
  sqlite.function('casefold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLocaleLowerCase() : value));
  return { sqlite, db: drizzle(sqlite, { schema }) };
}

const STATEMENT_CACHE = 500;

/**
 * drizzle prepares its SQL again on every call, and preparing costs more than running a small query
 * (measured on the CRM pages at scale: it shows up among the top costs of a page). The connection keeps the last few
 * hundred prepared statements by their SQL text and hands them out again, reset to returning objects
 * (drizzle switches a statement to arrays itself when it wants them). A statement still busy in an
 * iteration is never shared: that call gets a fresh one.
 */
function cacheStatements(sqlite: Sqlite): void {
  const cache = new Map<string, Database.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached && !cached.busy) {
      if (cached.reader) cached.raw(false);
      return cached;
    }
    const statement = prepare(source);
    if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
    cache.set(source, statement);
    return statement;
  }) as Sqlite['prepare'];
}

/** A read-only connection for checking a copy (backups, restores); no pragmas that would write. */
export function openReadonly(file: string): Sqlite {
  return new Database(file, sqliteOptions({ readonly: true, fileMustExist: true }));
}
