import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection.js';
import { migrate, migrationStatus, MigrationError } from './migrate.js';
import { VERSION } from '../version.js';
import { tempDir } from '../../test/support/context.js';

describe('migrations', () => {
  it('applies every migration once and sets the pragmas', () => {
    const { sqlite } = openDatabase(path.join(tempDir(), 'p.db'));
    expect(migrate(sqlite).length).toBeGreaterThan(0);
    expect(migrate(sqlite)).toEqual([]);
    expect(migrationStatus(sqlite).pending).toEqual([]);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('refuses a database written by a newer Prosto, naming the version its own migrations record', () => {
    const { sqlite } = openDatabase(path.join(tempDir(), 'p.db'));
    migrate(sqlite);
    expect(sqlite.prepare('SELECT DISTINCT version FROM __prosto_migrations').pluck().all()).toEqual([VERSION]);
    sqlite.prepare('INSERT INTO __prosto_migrations (tag, applied_at, version) VALUES (?, ?, ?)').run('9998_from_the_future', Date.now(), '7.1.0');
    sqlite.prepare('INSERT INTO __prosto_migrations (tag, applied_at, version) VALUES (?, ?, ?)').run('9999_from_the_future', Date.now(), '7.10.2');
    expect(() => migrate(sqlite)).toThrow(MigrationError);
    expect(() => migrate(sqlite)).toThrow(`this database was written by Prosto 7.10.2, a newer version than this one (${VERSION})`);
  });

  it('a database from before versions were recorded says which migrations are unknown', () => {
    const { sqlite } = openDatabase(path.join(tempDir(), 'p.db'));
    sqlite.exec('CREATE TABLE __prosto_migrations (tag TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
    sqlite.prepare('INSERT INTO __prosto_migrations VALUES (?, ?)').run('9999_from_the_future', Date.now());
    expect(() => migrate(sqlite)).toThrow(/a newer version of Prosto than this one .*9999_from_the_future/);
  });
});
