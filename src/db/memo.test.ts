import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from './connection.js';
import { memo } from './memo.js';

/** The memo on a real database file: kept while nothing changes, dropped by any write of any kind. */
let dir: string;
let handle: DbHandle;
let reads = 0;

function open(): DbHandle {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prosto-memo-'));
  handle = openDatabase(path.join(dir, 'memo.db'));
  handle.sqlite.exec('CREATE TABLE items (name TEXT); CREATE TABLE other (n INTEGER); INSERT INTO items VALUES (\'a\')');
  reads = 0;
  return handle;
}
const names = () =>
  memo(handle.db, 'items', () => {
    reads++;
    return handle.db.all<{ name: string }>(sql`SELECT name FROM items ORDER BY name`).map((r) => r.name);
  });

afterEach(() => {
  handle.sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('memo', () => {
  it('reads once while nothing is written, and again after any write, even to another table', () => {
    open();
    expect(names()).toEqual(['a']);
    expect(names()).toEqual(['a']);
    expect(reads).toBe(1);
    handle.sqlite.exec("INSERT INTO items VALUES ('b')");
    expect(names()).toEqual(['a', 'b']);
    handle.sqlite.exec('INSERT INTO other VALUES (1)');
    names();
    expect(reads).toBe(3);
  });

  it('keeps nothing read inside a transaction, which may still be rolled back', () => {
    open();
    names();
    const attempt = handle.sqlite.transaction(() => {
      handle.sqlite.exec("INSERT INTO items VALUES ('rolled back')");
      expect(names()).toEqual(['a', 'rolled back']);
      throw new Error('refused');
    });
    expect(() => attempt()).toThrow('refused');
    expect(names()).toEqual(['a']);
  });

  it('sees a commit by another connection to the same file (a restore) from its next task on', async () => {
    open();
    names();
    const other = openDatabase(path.join(dir, 'memo.db'));
    other.sqlite.exec("INSERT INTO items VALUES ('restored')");
    other.sqlite.close();
    await new Promise(setImmediate);
    expect(names()).toEqual(['a', 'restored']);
  });

  it('hands out frozen values: code that would change a shared value fails instead', () => {
    open();
    expect(() => names().push('x')).toThrow(TypeError);
  });
});
