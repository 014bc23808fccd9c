import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection.js';
import { migrate, migrationStatus, MigrationError } from './migrate.js';
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

  it('refuses a database written by a newer Prosto', () => {
    const { sqlite } = openDatabase(path.join(tempDir(), 'p.db'));
    migrate(sqlite);
    sqlite.prepare('INSERT INTO __prosto_migrations (tag, applied_at) VALUES (?, ?)').run('9999_from_the_future', Date.now());
    expect(() => migrate(sqlite)).toThrow(MigrationError);
    expect(() => migrate(sqlite)).toThrow(/newer version of Prosto/);
  });
});
