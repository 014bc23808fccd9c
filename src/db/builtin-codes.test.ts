import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection.js';
import { migrate } from './migrate.js';
import { tempDir } from '../../test/support/context.js';
import { databaseUpTo } from '../../test/support/first-release.js';

/**
 * Migration 0023 starts from an installation seeded in one language, before built-in values had
 * codes: it marks the values still named as seeded, leaves renamed and added ones alone, and rewrites
 * the history that named them (and conversions and merges) so each reader gets their own language.
 */
describe('migration 0023 (built-in codes)', () => {
  it('marks what was seeded, in either language, and rewrites the history that names it', () => {
    const file = path.join(tempDir(), 'p.db');
    databaseUpTo(file, '0020_list_sort_indexes');
    const old = new Database(file);
    old.exec(`
      INSERT INTO pipelines (id, name, sort, created_at) VALUES (1, 'Sales', 10, 0), (2, 'Опт', 20, 0);
      INSERT INTO stages (id, pipeline_id, name, color, semantics, sort) VALUES
        (1, 1, 'New', '#39a8ef', 'open', 10), (2, 1, 'Hot ones', '#2fc6f6', 'open', 20), (3, 1, 'Deal won', '#7bd500', 'won', 30),
        (4, 1, 'Deal lost', '#ff5752', 'lost', 40), (5, 2, 'Новая', '#39a8ef', 'open', 10);
      INSERT INTO lead_statuses (id, name, color, semantics, sort) VALUES (1, 'New', '#39a8ef', 'open', 10), (2, 'Converted', '#7bd500', 'converted', 20), (3, 'Spam', '#ff5752', 'junk', 30);
      INSERT INTO reference_items (id, list, name, sort) VALUES (1, 'source', 'Web form', 10), (2, 'source', 'Exhibition', 20), (3, 'industry', 'Other', 10), (4, 'contactType', 'Клиент', 10);
      INSERT INTO history (entity, entity_id, at, kind, field, old_value, new_value) VALUES
        ('deal', 1, 1, 'changed', 'stage', 'New', 'Deal won'),
        ('deal', 1, 2, 'changed', 'stage', 'Deal won', 'Hot ones'),
        ('deal', 1, 3, 'changed', 'title', 'New', 'Deal won'),
        ('deal', 1, 4, 'converted', NULL, 'lead #7', NULL),
        ('lead', 7, 5, 'converted', NULL, NULL, 'contact #3, company #4, deal #1'),
        ('contact', 3, 6, 'merged', NULL, 'contact #9 (Petrov #2)', NULL);
    `);
    old.close();

    const { sqlite } = openDatabase(file);
    const changed: Record<string, number> = {};
    expect(migrate(sqlite, (tag, rows) => (changed[tag] = rows))).toEqual(expect.arrayContaining(['0022_builtin_codes', '0023_builtin_codes_sql']));
    // 1 pipeline, 4 stages, 2 statuses, 3 items; 3 history values, 3 references.
    expect(changed['0023_builtin_codes_sql']).toBe(16);
    const codes = (table: string) => sqlite.prepare(`SELECT id, code FROM ${table} ORDER BY id`).all();
    expect(codes('pipelines')).toEqual([{ id: 1, code: 'sales' }, { id: 2, code: null }]);
    expect(codes('stages')).toEqual([{ id: 1, code: 'new' }, { id: 2, code: null }, { id: 3, code: 'won' }, { id: 4, code: 'lost' }, { id: 5, code: 'new' }]);
    expect(codes('lead_statuses')).toEqual([{ id: 1, code: 'new' }, { id: 2, code: 'converted' }, { id: 3, code: null }]);
    expect(codes('reference_items')).toEqual([{ id: 1, code: 'webform' }, { id: 2, code: null }, { id: 3, code: 'other' }, { id: 4, code: 'client' }]);
    expect(sqlite.prepare('SELECT field, old_value AS o, new_value AS n FROM history ORDER BY id').all()).toEqual([
      { field: 'stage', o: '\u0001seed.stage.new', n: '\u0001seed.stage.won' },
      { field: 'stage', o: '\u0001seed.stage.won', n: 'Hot ones' },
      { field: 'title', o: 'New', n: 'Deal won' },
      { field: null, o: 'lead:7', n: null },
      { field: null, o: null, n: 'contact:3,company:4,deal:1' },
      { field: null, o: 'contact:9 (Petrov #2)', n: null },
    ]);
    sqlite.close();
  });
});
