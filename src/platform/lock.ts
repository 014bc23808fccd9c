import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sqliteOptions } from '../db/connection.js';

/**
 * Who may use a data folder at once, decided by an operating-system lock rather than by a pid file.
 *
 * The lock is SQLite's own file locking (POSIX advisory locks) on an empty database `prosto.lock` in
 * the data folder, held by an open transaction for as long as the process keeps the claim. The kernel
 * drops such locks when the process ends in any way, kill -9 included, so a crash never leaves a stale
 * lock behind. SQLite's lock levels give the three claims:
 *  - `serve` (a server, `migrate`): RESERVED — one at a time; commands may still use the folder.
 *  - `use` (backup, reset-password, create-admin, run-job): SHARED — any number, beside a server.
 *  - `replace` (restore): EXCLUSIVE — only when nothing else holds any claim.
 * Nothing is ever written to the lock database. The process that holds a claim must not open the lock
 * file through any other handle: closing one would drop its POSIX locks (SQLite guards its own).
 *
 * `prosto.pid` beside it names the process holding the `serve` claim, for messages and for people.
 */
export type Claim = 'serve' | 'use' | 'replace';

const LOCK = 'prosto.lock';
const PID = 'prosto.pid';

export class DataFolderBusyError extends Error {}

export interface DataFolderClaim {
  release(): void;
}

const begin: Record<Claim, string> = { serve: 'BEGIN IMMEDIATE', use: 'BEGIN DEFERRED', replace: 'BEGIN EXCLUSIVE' };

function openLock(dataDir: string): Database.Database {
  // timeout 0: a held lock is an answer, not something to wait for.
  return new Database(path.join(dataDir, LOCK), sqliteOptions({ timeout: 0 }));
}

/** Takes `claim` on the connection, or returns false when another process holds a conflicting one. */
function take(db: Database.Database, claim: Claim): boolean {
  try {
    db.exec(begin[claim]);
    // A deferred transaction takes its SHARED lock at the first read.
    if (claim === 'use') db.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    if (db.inTransaction) db.exec('ROLLBACK');
    return false;
  }
}

/** Whether some process could take `claim` right now; probes with a connection of its own. */
function available(dataDir: string, claim: Claim): boolean {
  const probe = openLock(dataDir);
  try {
    const ok = take(probe, claim);
    if (ok) probe.exec('ROLLBACK');
    return ok;
  } finally {
    probe.close();
  }
}

/** The process named in prosto.pid, if it is alive. */
export function serverPid(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dataDir, PID), 'utf8').split('\n')[0]!.trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

function busyMessage(dataDir: string, claim: Claim): string {
  const restoring = !available(dataDir, 'use');
  if (restoring) return `a restore is in progress on ${dataDir}; try again when it has finished`;
  const pid = serverPid(dataDir);
  const server = pid ? `a Prosto server (process ${pid})` : 'a Prosto server';
  if (claim === 'serve') {
    return `${server} is already running on ${dataDir}; stop it first (e.g. systemctl stop prosto), or give this one another data folder with --data`;
  }
  if (!available(dataDir, 'serve')) return `${server} is running on ${dataDir}; stop it first (e.g. systemctl stop prosto), then restore`;
  return `another Prosto command (a backup, reset-password, create-admin or run-job) is using ${dataDir}; wait until it has finished, then restore`;
}

function writePid(dataDir: string): void {
  const tmp = path.join(dataDir, `${PID}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, `${process.pid}\n`);
  fs.renameSync(tmp, path.join(dataDir, PID));
}

function removePid(dataDir: string): void {
  try {
    if (fs.readFileSync(path.join(dataDir, PID), 'utf8').split('\n')[0]!.trim() === String(process.pid)) fs.unlinkSync(path.join(dataDir, PID));
  } catch {
    // already gone
  }
}

/**
 * Claims the data folder, or throws DataFolderBusyError with a message naming what holds it.
 * `whileAlone`, for a `serve` claim, runs only if no other process uses the folder at that moment
 * (the folder is held exclusively meanwhile): cleaning up after an interrupted backup or restore must
 * not delete the work of a backup another process is writing right now.
 */
export function claimDataFolder(dataDir: string, claim: Claim, options: { whileAlone?: () => void } = {}): DataFolderClaim {
  let db: Database.Database;
  try {
    db = openLock(dataDir);
  } catch (err) {
    throw new DataFolderBusyError(`the data folder ${dataDir} cannot be locked (${(err as Error).message}); check that it exists and can be written`);
  }
  try {
    if (options.whileAlone && take(db, 'replace')) {
      options.whileAlone();
      db.exec('ROLLBACK');
    }
    if (!take(db, claim)) throw new DataFolderBusyError(busyMessage(dataDir, claim));
    if (claim === 'serve') writePid(dataDir);
  } catch (err) {
    db.close();
    throw err;
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      if (claim === 'serve') removePid(dataDir);
      db.exec('ROLLBACK');
      db.close();
    },
  };
}
