import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import type { AppContext } from '../../context.js';
import { openDatabase, type Sqlite } from '../../db/connection.js';
import { migrate } from '../../db/migrate.js';
import { runningServerPid } from '../../platform/lock.js';
import { BackupError, restoreFiles, unpackBackup, writeBackup, type Manifest } from './archive.js';

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
 * Restores into a stopped installation (the command line): the current database is moved aside, not
 * deleted, and the backup takes its place; pending migrations run at the next start.
 */
export async function restoreOffline(config: Config, archive: string, now: number): Promise<{ manifest: Manifest; previous: string | null }> {
  const pid = runningServerPid(config.dataDir);
  if (pid) throw new BackupError(`a Prosto server (process ${pid}) is running on ${config.dataDir}; stop it first (e.g. systemctl stop prosto), then restore`, 'running');
  if (!fs.existsSync(archive)) throw new BackupError(`there is no file ${archive}`, 'missing');
  fs.mkdirSync(config.dataDir, { recursive: true });
  const unpacked = await unpackBackup(archive, config.dataDir);
  try {
    const db = path.join(config.dataDir, 'prosto.db');
    let previous: string | null = null;
    if (fs.existsSync(db)) {
      previous = `${db}.before-restore-${backupFileName(now, 'manual').slice(7, 22)}`;
      // The -wal file belongs to the old database: it moves with it, or it would be replayed into the new one.
      for (const suffix of ['', '-wal', '-shm']) {
        if (fs.existsSync(db + suffix)) fs.renameSync(db + suffix, previous + suffix);
      }
    }
    fs.copyFileSync(unpacked.dbFile, db);
    restoreFiles(unpacked, config.dataDir);
    return { manifest: unpacked.manifest, previous };
  } finally {
    unpacked.cleanup();
  }
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
    restoreFiles(unpacked, ctx.config.dataDir);
    return unpacked.manifest;
  } finally {
    unpacked.cleanup();
  }
}

export { BackupError };
