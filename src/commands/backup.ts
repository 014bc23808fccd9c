import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { databaseFile, ensureDataDir } from '../boot.js';
import { openDatabase } from '../db/connection.js';
import { claimDataFolder } from '../platform/lock.js';
import { BackupError, createBackup, restoreOffline } from '../features/backup/service.js';

/** `prosto backup [file]`: safe while the server runs (SQLite's online backup reads a consistent snapshot). */
export async function backupCommand(config: Config, file: string | undefined): Promise<number> {
  if (!fs.existsSync(databaseFile(config))) {
    process.stderr.write(`prosto: there is no database in ${config.dataDir}; check --data or the config file\n`);
    return 1;
  }
  ensureDataDir(config.backupDir);
  // A claim beside a running server: a restore cannot swap the database while the copy is read.
  const claim = claimDataFolder(config.dataDir, 'use');
  try {
    const { sqlite } = openDatabase(databaseFile(config));
    try {
      const made = await createBackup(sqlite, config, Date.now(), { kind: 'manual', dest: file });
      process.stdout.write(`Backup written to ${made.file} (${made.bytes} bytes), integrity checked.\n`);
      return 0;
    } finally {
      sqlite.close();
    }
  } finally {
    claim.release();
  }
}

/** `prosto restore <file>`: only while no server uses the data folder. */
export async function restoreCommand(config: Config, file: string | undefined): Promise<number> {
  if (!file) {
    process.stderr.write('prosto: restore needs the backup file, e.g. prosto restore /var/lib/prosto/backups/prosto-20261122-023000-auto.tar.gz\n');
    return 2;
  }
  try {
    const { manifest, previous } = await restoreOffline(config, path.resolve(file), Date.now());
    process.stdout.write(
      `Restored the backup of ${new Date(manifest.createdAt).toISOString()} (Prosto ${manifest.version}) into ${config.dataDir}.\n` +
        (previous ? `The database it replaced was kept as ${previous}.\n` : ''),
    );
    return 0;
  } catch (err) {
    if (err instanceof BackupError) {
      process.stderr.write(`prosto: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
