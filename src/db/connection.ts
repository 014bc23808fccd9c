import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema/index.js';

export type Db = BetterSQLite3Database<typeof schema>;
export type Sqlite = Database.Database;

export interface DbHandle {
  sqlite: Sqlite;
  db: Db;
}

/** The native binding, when the single executable loads its own copy (see build/). */
let nativeBinding: string | undefined;
export function useNativeBinding(file: string): void {
  nativeBinding = file;
}

/**
 * Opens the database with the pragmas every connection needs (DESIGN.md, "Data"):
 * WAL, synchronous=FULL so an acknowledged write survives a power cut, foreign keys, a busy timeout.
 */
export function openDatabase(file: string): DbHandle {
  const sqlite = new Database(file, nativeBinding ? { nativeBinding } : {});
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's LIKE and lower() fold ASCII only; casefold() lets small lookups match "петр" in "Петров".
  sqlite.function('casefold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLocaleLowerCase() : value));
  return { sqlite, db: drizzle(sqlite, { schema }) };
}

/** A read-only connection for checking a copy (backups, restores); no pragmas that would write. */
export function openReadonly(file: string): Sqlite {
  return new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
}
