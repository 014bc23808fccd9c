import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import type { AppContext } from '../../context.js';
import { openDatabase, type Sqlite } from '../../db/connection.js';
import { migrate } from '../../db/migrate.js';
import type { Logger } from 'pino';
import { claimDataFolder } from '../../platform/lock.js';
import { BackupError, DB_NAME, restoreFiles, unpackBackup, writeBackup, type Manifest } from './archive.js';

export type BackupKind = 'manual' | 'auto' | 'pre-upgrade';

export interface BackupInfo {
  name: string;
  bytes: number;
  createdAt: number;
  kind: BackupKind;
}

const NAME = /^prosto-(\d{8}-\d{6})-(manual|auto|pre-upgrade)\.tar\.gz$/;

export function backupFileName(now: number, kind: BackupKind): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `prosto-${stamp}-${kind}.tar.gz`;
}

function uniquePath(dir: string, now: number, kind: BackupKind): string {
  let t = now;
  while (fs.existsSync(path.join(dir, backupFileName(t, kind)))) t += 1000;
  return path.join(dir, backupFileName(t, kind));
}

/** Takes a consistent backup while people keep working; the archive is checked before it is kept. */
export async function createBackup(
  live: Sqlite,
  config: Config,
  now: number,
  options: { kind: BackupKind; dest?: string },
): Promise<{ file: string; bytes: number }> {
  const file = path.resolve(options.dest ?? uniquePath(config.backupDir, now, options.kind));
  const { bytes } = await writeBackup(live, config.dataDir, file, now);
  return { file, bytes };
}

/** The backups in the backup folder, newest first. */
export function listBackups(config: Config): BackupInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync(config.backupDir);
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const m = NAME.exec(name);
      if (!m) return [];
      const stat = fs.statSync(path.join(config.backupDir, name));
      return [{ name, bytes: stat.size, createdAt: stat.mtimeMs, kind: m[2] as BackupKind }];
    })
    .sort((a, b) => b.name.localeCompare(a.name));
}

/** The path of a listed backup, or null: only names from the listing are served, never a path from outside. */
export function backupPath(config: Config, name: string): string | null {
  return listBackups(config).some((b) => b.name === name) ? path.join(config.backupDir, name) : null;
}

/** Keeps the newest `keep` scheduled backups and deletes older scheduled ones; manual ones stay. */
export function rotateBackups(config: Config, keep: number): number {
  const old = listBackups(config)
    .filter((b) => b.kind === 'auto')
    .slice(keep);
  for (const b of old) fs.rmSync(path.join(config.backupDir, b.name), { force: true });
  return old.length;
}

/**
 * Restores into a stopped installation (the command line), holding the data folder exclusively, so it
 * is refused while a server or any other command uses the folder. Atomic: the backup's database is
 * unpacked and checked beside the current one, the current one is checkpointed (its -wal folded in)
 * and kept under a second name (a hard link, so it never stops being complete at its own name), and
 * the new one is renamed over `prosto.db` in one step. A crash at any moment leaves either the old or
 * the new database whole; what it leaves over is removed at the next start. Pending migrations run
 * at the next start.
 */
export async function restoreOffline(config: Config, archive: string, now: number): Promise<{ manifest: Manifest; previous: string | null }> {
  if (!fs.existsSync(archive)) throw new BackupError(`there is no file ${archive}`, 'missing');
  fs.mkdirSync(config.dataDir, { recursive: true });
  const claim = claimDataFolder(config.dataDir, 'replace');
  try {
    removeLeftovers(config);
    const unpacked = await unpackBackup(archive, config.dataDir);
    try {
      const db = path.join(config.dataDir, DB_NAME);
      const previous = fs.existsSync(db) ? `${db}.before-restore-${backupFileName(now, 'manual').slice(7, 22)}` : null;
      if (previous) keepPrevious(db, previous);
      syncFile(unpacked.dbFile);
      fs.renameSync(unpacked.dbFile, db);
      syncFile(config.dataDir);
      restoreFiles(unpacked, config.dataDir, previous);
      return { manifest: unpacked.manifest, previous };
    } finally {
      unpacked.cleanup();
    }
  } finally {
    claim.release();
  }
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Makes the current database self-contained and keeps it as `previous`, leaving it in place. Its -wal
 * must not outlive it: replayed into the restored database it would corrupt it. When the database is
 * too damaged to checkpoint, its -wal is kept beside `previous` and removed from its place.
 */
function keepPrevious(db: string, previous: string): void {
  try {
    const { sqlite } = openDatabase(db);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    // The last connection to close removes the -wal and -shm files.
    sqlite.close();
  } catch {
    // A damaged database is kept as it is.
  }
  fs.linkSync(db, previous);
  for (const suffix of ['-wal', '-shm']) {
    if (!fs.existsSync(db + suffix)) continue;
    if (suffix === '-wal') fs.copyFileSync(db + suffix, previous + suffix);
    fs.rmSync(db + suffix);
  }
}

/**
 * Removes what an interrupted backup or restore left: `.backup-*` work folders and `*.partial`
 * archives in the backup folder, `.restore-*` work folders in the data folder. Only while no other
 * process uses the folder, which the callers ensure (src/platform/lock.ts).
 */
export function removeLeftovers(config: Config, logger?: Logger): void {
  const removed: string[] = [];
  for (const [dir, match] of [
    [config.backupDir, (n: string) => n.startsWith('.backup-') || n.endsWith('.partial')],
    [config.dataDir, (n: string) => n.startsWith('.restore-')],
  ] as const) {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.filter(match)) {
      fs.rmSync(path.join(dir, name), { recursive: true, force: true });
      removed.push(path.join(dir, name));
    }
  }
  if (removed.length) logger?.info({ removed }, 'removed what an interrupted backup or restore left');
}

/**
 * Restores into the running server (the setup wizard of a fresh installation): the backup is copied
 * over the live database through SQLite's backup API, then migrated to this version.
 */
export async function restoreLive(ctx: AppContext, archive: string): Promise<Manifest> {
  const unpacked = await unpackBackup(archive, ctx.config.dataDir);
  try {
    const { sqlite: source } = openDatabase(unpacked.dbFile);
    try {
      await source.backup(path.join(ctx.config.dataDir, 'prosto.db'));
    } finally {
      source.close();
    }
    migrate(ctx.sqlite);
    restoreFiles(unpacked, ctx.config.dataDir, null);
    return unpacked.manifest;
  } finally {
    unpacked.cleanup();
  }
}

export { BackupError };
