import fs from 'node:fs';
import path from 'node:path';
import { extractTarGz, writeTarGz, ArchiveError, type TarEntry } from '../../integrations/tar.js';
import { migrationStatus, newerVersion } from '../../db/migrate.js';
import { openDatabase, openReadonly, type Sqlite } from '../../db/connection.js';
import { VERSION } from '../../version.js';

/**
 * Backup archives: a .tar.gz holding `manifest.json`, `prosto.db` (a consistent copy made with SQLite's
 * online backup API) and `files/` (stored attachments, once there are any). Every archive is checked
 * before it is kept: the copy passes `PRAGMA integrity_check`.
 */
export const MANIFEST = 'manifest.json';
export const DB_NAME = 'prosto.db';
export const FILES_DIR = 'files';
const MAX_ARCHIVE_BYTES = 64 * 1024 ** 3;

export interface Manifest {
  format: 1;
  app: 'prosto';
  version: string;
  createdAt: number;
  migrations: string[];
}

/** Why a backup cannot be made or restored; `reason` picks the translated message for pages. */
export type BackupProblem = 'notArchive' | 'damaged' | 'newer' | 'missing';

export class BackupError extends Error {
  constructor(
    message: string,
    readonly reason: BackupProblem = 'notArchive',
  ) {
    super(message);
  }
}

function integrityOk(file: string): boolean {
  const db = openReadonly(file);
  try {
    return db.pragma('integrity_check', { simple: true }) === 'ok';
  } finally {
    db.close();
  }
}

function filesUnder(root: string, rel = ''): TarEntry[] {
  const dir = path.join(root, rel);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) return filesUnder(root, child);
    return e.isFile() ? [{ name: `${FILES_DIR}/${child}`, file: path.join(root, child) }] : [];
  });
}

/** Writes a checked archive of the live database (and stored files) to `dest`, atomically. */
export async function writeBackup(live: Sqlite, dataDir: string, dest: string, now: number): Promise<{ bytes: number }> {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const work = fs.mkdtempSync(path.join(path.dirname(dest), '.backup-'));
  try {
    const copy = path.join(work, DB_NAME);
    // The backup API copies page by page and lets other requests run between steps.
    await live.backup(copy);
    if (!integrityOk(copy)) throw new BackupError('the copy of the database failed its integrity check', 'damaged');
    const check = openReadonly(copy);
    const manifest: Manifest = { format: 1, app: 'prosto', version: VERSION, createdAt: now, migrations: migrationStatus(check).applied };
    check.close();
    fs.writeFileSync(path.join(work, MANIFEST), JSON.stringify(manifest, null, 2));
    const partial = `${dest}.partial`;
    await writeTarGz(
      [{ name: MANIFEST, file: path.join(work, MANIFEST) }, { name: DB_NAME, file: copy }, ...filesUnder(path.join(dataDir, FILES_DIR))],
      partial,
    );
    fs.renameSync(partial, dest);
    return { bytes: fs.statSync(dest).size };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export interface UnpackedBackup {
  dir: string;
  dbFile: string;
  manifest: Manifest;
  cleanup(): void;
}

/**
 * Unpacks and checks an archive: only our own entry names, a manifest, a database that passes the
 * integrity check and was not written by a newer Prosto. Nothing is trusted before that.
 */
export async function unpackBackup(archive: string, workParent: string): Promise<UnpackedBackup> {
  fs.mkdirSync(workParent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(workParent, '.restore-'));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    let names: string[];
    try {
      names = await extractTarGz(archive, dir, { allow: [MANIFEST, DB_NAME, `${FILES_DIR}/`], maxTotalBytes: MAX_ARCHIVE_BYTES });
    } catch (err) {
      if (err instanceof ArchiveError) throw new BackupError(err.message);
      throw err;
    }
    if (!names.includes(MANIFEST) || !names.includes(DB_NAME)) throw new BackupError('not a Prosto backup archive (manifest or database missing)');
    let manifest: Manifest;
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
    } catch {
      throw new BackupError('not a Prosto backup archive (unreadable manifest)');
    }
    if (manifest.app !== 'prosto' || manifest.format !== 1) throw new BackupError('not a Prosto backup archive');
    const dbFile = path.join(dir, DB_NAME);
    let ok: boolean;
    try {
      ok = integrityOk(dbFile);
    } catch {
      ok = false;
    }
    if (!ok) throw new BackupError('the database in the archive is damaged (integrity check failed)', 'damaged');
    const { sqlite } = openDatabase(dbFile);
    const status = migrationStatus(sqlite);
    sqlite.close();
    // The database's own migrations say which version wrote it; the manifest is only the archive's claim.
    if (status.unknown.length) throw new BackupError(`the backup was made by ${newerVersion(status)}; install that version or newer to restore it`, 'newer');
    return { dir, dbFile, manifest, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

/**
 * Replaces the stored files folder with the one from the backup. The current one is kept beside the
 * database it belongs to (`<previous>.files`) when that database is kept, else removed.
 */
export function restoreFiles(unpacked: UnpackedBackup, dataDir: string, previousDb: string | null): void {
  const target = path.join(dataDir, FILES_DIR);
  if (fs.existsSync(target)) {
    if (previousDb) fs.renameSync(target, `${previousDb}.files`);
    else fs.rmSync(target, { recursive: true, force: true });
  }
  const source = path.join(unpacked.dir, FILES_DIR);
  if (fs.existsSync(source)) fs.renameSync(source, target);
}
