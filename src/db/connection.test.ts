import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection.js';
import { tempDir } from '../../test/support/context.js';

describe('the statement cache', () => {
  it('reuses a prepared statement and gives rows in the shape each caller asked for', () => {
    const { sqlite, db } = openDatabase(path.join(tempDir(), 'p.db'));
    sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t (name) VALUES (\'a\'), (\'b\')');
    const text = 'SELECT id, name FROM t ORDER BY id';
    expect(sqlite.prepare(text)).toBe(sqlite.prepare(text));
    expect(sqlite.prepare(text).raw().all()).toEqual([[1, 'a'], [2, 'b']]);
    expect(sqlite.prepare(text).all()).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
    expect(db.all(sql.raw(text))).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
  });

  it('never shares a statement that is still being iterated', () => {
    const { sqlite } = openDatabase(path.join(tempDir(), 'p.db'));
    sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1), (2)');
    const seen: number[] = [];
    for (const row of sqlite.prepare('SELECT id FROM t').iterate() as Iterable<{ id: number }>) {
      seen.push(row.id, ...(sqlite.prepare('SELECT id FROM t').all() as { id: number }[]).map((r) => r.id * 10));
    }
    expect(seen).toEqual([1, 10, 20, 2, 10, 20]);
  });
});
