import fs from 'node:fs';
import Database from 'better-sqlite3';
import { openReadonly } from './connection.js';

/** The database file cannot be used as it is; the message says why and what to do, nothing was changed. */
export class DatabaseFileError extends Error {}

const RESTORE_HINT = 'restore a backup with "prosto restore <backup file>", or move the file away to start afresh';

/** Turns SQLite's error about the database file into a message for the person at the console. */
export function databaseProblem(file: string, err: InstanceType<typeof Database.SqliteError>): DatabaseFileError {
  const code = err.code;
  if (code === 'SQLITE_NOTADB') return new DatabaseFileError(`the database file ${file} is not a Prosto database (it is not an SQLite database at all); ${RESTORE_HINT}`);
  if (code.startsWith('SQLITE_CORRUPT')) return new DatabaseFileError(`the database file ${file} is damaged (${err.message}); ${RESTORE_HINT}`);
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM' || code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) {
    return new DatabaseFileError(`the database file ${file} cannot be written: ${err.message}; check its permissions, the free disk space and the disk`);
  }
  return new DatabaseFileError(`the database file ${file} cannot be used: ${err.message}`);
}

function writable(file: string): void {
  try {
    // Opening for writing asks the operating system itself: permissions, a read-only mount, root.
    fs.closeSync(fs.openSync(file, 'r+'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') return;
    throw new DatabaseFileError(`the database file ${file} cannot be written: ${e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code === 'EROFS' ? 'the disk is mounted read-only' : e.message}; check its owner and permissions (the server runs as the user that starts it)`);
  }
}

/**
 * Checks an existing database file before anything opens it for writing, so that a damaged file, a
 * file that is not SQLite, another program's database or a file the process may not write is
 * refused with a clear message and left exactly as it was. A missing file is fine: it is created.
 * Must run before SQLite opens the file in this process (it opens and closes the file itself).
 */
export function checkDatabaseFile(file: string): void {
  if (!fs.existsSync(file)) return;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) writable(f);
  // Reading a database in WAL mode creates its -wal and -shm files; a refused file gets them removed again.
  const created = [`${file}-wal`, `${file}-shm`].filter((f) => !fs.existsSync(f));
  try {
    let tables: string[];
    try {
      const db = openReadonly(file);
      try {
        tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
      } finally {
        db.close();
      }
    } catch (err) {
      if (err instanceof Database.SqliteError) throw databaseProblem(file, err);
      throw err;
    }
    if (tables.length > 0 && !tables.includes('__prosto_migrations')) {
      const shown = tables.slice(0, 3).join(', ') + (tables.length > 3 ? ', …' : '');
      throw new DatabaseFileError(`the database file ${file} is not a Prosto database (it holds other tables: ${shown}); ${RESTORE_HINT}`);
    }
  } catch (err) {
    for (const f of created) if (fs.existsSync(f) && (!f.endsWith('-wal') || fs.statSync(f).size === 0)) fs.rmSync(f);
    throw err;
  }
}
