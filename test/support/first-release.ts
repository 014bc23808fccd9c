import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * A database as the first released schema left it, with its data: the committed first migration
 * (never edited after it landed) and the rows of test/fixtures/schema-0000-foundation.sql. The upgrade
 * tests start from it.
 */
export function firstReleaseDatabase(file: string): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // The rows are in table order, as .dump writes them: a department names its head before users exist.
    db.pragma('foreign_keys = OFF');
    for (const statement of fs.readFileSync(path.join(root, 'migrations/0000_foundation.sql'), 'utf8').split('--> statement-breakpoint')) {
      if (statement.trim()) db.exec(statement);
    }
    db.exec('CREATE TABLE __prosto_migrations (tag TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
    db.exec(fs.readFileSync(path.join(root, 'test/fixtures/schema-0000-foundation.sql'), 'utf8'));
  } finally {
    db.close();
  }
}

/**
 * A database migrated up to and including `lastTag`, as that release left it, for tests of a later
 * data-fixing migration: they insert rows of the old shape and then run migrate().
 */
export function databaseUpTo(file: string, lastTag: string): void {
  const journal = JSON.parse(fs.readFileSync(path.join(root, 'migrations/meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  const tags = journal.entries.sort((a, b) => a.idx - b.idx).map((e) => e.tag);
  if (!tags.includes(lastTag)) throw new Error(`no migration ${lastTag}`);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE __prosto_migrations (tag TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
    for (const tag of tags.slice(0, tags.indexOf(lastTag) + 1)) {
      for (const statement of fs.readFileSync(path.join(root, `migrations/${tag}.sql`), 'utf8').split('--> statement-breakpoint')) {
        if (statement.trim()) db.exec(statement);
      }
      db.prepare('INSERT INTO __prosto_migrations VALUES (?, ?)').run(tag, Date.now());
    }
  } finally {
    db.close();
  }
}
