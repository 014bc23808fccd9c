import { readText } from '../assets.js';
import type { Sqlite } from './connection.js';
import { VERSION } from '../version.js';

interface JournalEntry {
  idx: number;
  tag: string;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Migrations recorded in the database that this version of Prosto does not know: the database is newer. */
  unknown: string[];
  /** The Prosto versions that recorded the unknown migrations, when they recorded one (newest first). */
  unknownVersions: string[];
}

export class MigrationError extends Error {}

const TABLE = '__prosto_migrations';

function journal(): JournalEntry[] {
  const parsed = JSON.parse(readText('migrations/meta/_journal.json')) as { entries: JournalEntry[] };
  return [...parsed.entries].sort((a, b) => a.idx - b.idx);
}

/**
 * Each applied migration is recorded with the Prosto version that applied it (the `version` column
 * came after the first releases; their rows have none), so a database tells which version wrote it.
 */
function hasVersionColumn(sqlite: Sqlite): boolean {
  return (sqlite.prepare(`SELECT name FROM pragma_table_info('${TABLE}')`).pluck().all() as string[]).includes('version');
}

export function migrationStatus(sqlite: Sqlite): MigrationStatus {
  if (!sqlite.readonly) sqlite.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (tag TEXT PRIMARY KEY, applied_at INTEGER NOT NULL, version TEXT)`);
  const exists = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${TABLE}'`).get();
  const known = journal().map((e) => e.tag);
  if (!exists) return { applied: [], pending: known, unknown: [], unknownVersions: [] };
  const hasVersion = hasVersionColumn(sqlite);
  const rows = sqlite.prepare(`SELECT tag, ${hasVersion ? 'version' : 'NULL AS version'} FROM ${TABLE}`).all() as { tag: string; version: string | null }[];
  const applied = new Set(rows.map((r) => r.tag));
  const unknownRows = rows.filter((r) => !known.includes(r.tag));
  const versions = [...new Set(unknownRows.flatMap((r) => (r.version ? [r.version] : [])))].sort(compareVersions).reverse();
  return {
    applied: known.filter((t) => applied.has(t)),
    pending: known.filter((t) => !applied.has(t)),
    unknown: unknownRows.map((r) => r.tag),
    unknownVersions: versions,
  };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => Number(p) || 0);
  const pb = b.split(/[.-]/).map((p) => Number(p) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** "Prosto 0.4.0" as the database's own migration records say, for "made by a newer version" messages. */
export function newerVersion(status: MigrationStatus): string {
  const newest = status.unknownVersions[0];
  if (newest && newest !== VERSION) return `Prosto ${newest}, a newer version than this one (${VERSION})`;
  if (newest) return `a newer build of Prosto ${VERSION} (it has migrations this build does not know: ${status.unknown.join(', ')})`;
  return `a newer version of Prosto than this one (${VERSION}; the database has migrations it does not know: ${status.unknown.join(', ')})`;
}

/** True when the database holds user data worth a backup before migrating. */
export function holdsData(sqlite: Sqlite): boolean {
  const row = sqlite.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'users'`).get() as { n: number };
  if (row.n === 0) return false;
  return (sqlite.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n > 0;
}

/**
 * Applies every pending migration in one transaction: either all of them land or the database is left
 * exactly as it was. Refuses to touch a database made by a newer Prosto. `changed` hears, per migration
 * that changed rows (a data fix), how many it changed, so the caller can log it.
 */
export function migrate(sqlite: Sqlite, changed?: (tag: string, rows: number) => void): string[] {
  const status = migrationStatus(sqlite);
  if (status.unknown.length > 0) {
    throw new MigrationError(`this database was written by ${newerVersion(status)}; install that version or newer, or restore a backup made by this one`);
  }
  if (status.pending.length === 0) return [];
  // Table rebuilds in generated migrations need foreign keys off; they are checked before commit instead.
  sqlite.pragma('foreign_keys = OFF');
  let current = '';
  try {
    sqlite.exec('BEGIN IMMEDIATE');
    // Inside the transaction, so a failed upgrade leaves even this bookkeeping table as it was.
    if (!hasVersionColumn(sqlite)) sqlite.exec(`ALTER TABLE ${TABLE} ADD COLUMN version TEXT`);
    const record = sqlite.prepare(`INSERT INTO ${TABLE} (tag, applied_at, version) VALUES (?, ?, ?)`);
    const total = sqlite.prepare('SELECT total_changes() AS n').pluck();
    for (const tag of status.pending) {
      current = tag;
      const before = total.get() as number;
      for (const statement of readText(`migrations/${tag}.sql`).split('--> statement-breakpoint')) {
        if (statement.trim()) sqlite.exec(statement);
      }
      const rows = (total.get() as number) - before;
      if (rows > 0) changed?.(tag, rows);
      record.run(tag, Date.now(), VERSION);
    }
    const violations = sqlite.pragma('foreign_key_check') as unknown[];
    if (violations.length > 0) throw new Error(`${violations.length} foreign key violations`);
    sqlite.exec('COMMIT');
  } catch (err) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw new MigrationError(`migration ${current} failed: ${(err as Error).message}; the database was left unchanged`);
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
  return status.pending;
}
