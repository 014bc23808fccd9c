import { readText } from '../assets.js';
import type { Sqlite } from './connection.js';

interface JournalEntry {
  idx: number;
  tag: string;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Migrations recorded in the database that this version of Prosto does not know: the database is newer. */
  unknown: string[];
}

export class MigrationError extends Error {}

const TABLE = '__prosto_migrations';

function journal(): JournalEntry[] {
  const parsed = JSON.parse(readText('migrations/meta/_journal.json')) as { entries: JournalEntry[] };
  return [...parsed.entries].sort((a, b) => a.idx - b.idx);
}

export function migrationStatus(sqlite: Sqlite): MigrationStatus {
  if (!sqlite.readonly) sqlite.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (tag TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`);
  const exists = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${TABLE}'`).get();
  const known = journal().map((e) => e.tag);
  if (!exists) return { applied: [], pending: known, unknown: [] };
  const applied = new Set((sqlite.prepare(`SELECT tag FROM ${TABLE}`).all() as { tag: string }[]).map((r) => r.tag));
  return {
    applied: known.filter((t) => applied.has(t)),
    pending: known.filter((t) => !applied.has(t)),
    unknown: [...applied].filter((t) => !known.includes(t)),
  };
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
    throw new MigrationError(
      `this database was written by a newer version of Prosto (it has migrations ${status.unknown.join(', ')}); ` +
        'install that version or newer, or restore a backup made by this one',
    );
  }
  if (status.pending.length === 0) return [];
  // Table rebuilds in generated migrations need foreign keys off; they are checked before commit instead.
  sqlite.pragma('foreign_keys = OFF');
  let current = '';
  try {
    sqlite.exec('BEGIN IMMEDIATE');
    const record = sqlite.prepare(`INSERT INTO ${TABLE} (tag, applied_at) VALUES (?, ?)`);
    const total = sqlite.prepare('SELECT total_changes() AS n').pluck();
    for (const tag of status.pending) {
      current = tag;
      const before = total.get() as number;
      for (const statement of readText(`migrations/${tag}.sql`).split('--> statement-breakpoint')) {
        if (statement.trim()) sqlite.exec(statement);
      }
      const rows = (total.get() as number) - before;
      if (rows > 0) changed?.(tag, rows);
      record.run(tag, Date.now());
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
