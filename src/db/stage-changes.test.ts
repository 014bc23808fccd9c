import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection.js';
import { migrate } from './migrate.js';
import { tempDir } from '../../test/support/context.js';
import { databaseUpTo } from '../../test/support/first-release.js';

/**
 * Migrations 0029–0030 start from deals whose stage changes are only in the history (each naming the stage
 * as shown: its own name or a built-in one's key): it rebuilds each deal's stages with their times, and
 * from then on triggers record every stage a deal enters.
 */
describe('migrations 0029–0030 (deal stage changes)', () => {
  it('fills the stages of existing deals from the history, then records new changes', () => {
    const file = path.join(tempDir(), 'p.db');
    databaseUpTo(file, '0028_import');
    const old = new Database(file);
    old.exec(`
      INSERT INTO users (id, email, full_name, password_hash, locale, is_active, created_at, updated_at) VALUES (1, 'a@example.com', 'A', 'x', 'en', 1, 0, 0);
      INSERT INTO pipelines (id, name, code, sort, created_at) VALUES (1, 'Sales', 'sales', 10, 0);
      INSERT INTO stages (id, pipeline_id, name, code, color, semantics, sort) VALUES
        (1, 1, 'New', 'new', '#39a8ef', 'open', 10), (2, 1, 'Hot ones', NULL, '#2fc6f6', 'open', 20), (3, 1, 'Deal won', 'won', '#7bd500', 'won', 30);
      INSERT INTO deals (id, title, pipeline_id, stage_id, currency, responsible_id, created_at, updated_at) VALUES
        (1, 'moved twice', 1, 3, 'RUB', 1, 1000, 5000), (2, 'never moved', 1, 2, 'RUB', 1, 1500, 1500), (3, 'from a renamed stage', 1, 2, 'RUB', 1, 1200, 3000);
      INSERT INTO history (entity, entity_id, at, kind, field, old_value, new_value) VALUES
        ('deal', 1, 2000, 'changed', 'stage', char(1) || 'seed.stage.new', 'Hot ones'),
        ('deal', 1, 2000, 'changed', 'title', 'x', 'moved twice'),
        ('deal', 1, 5000, 'changed', 'stage', 'Hot ones', char(1) || 'seed.stage.won'),
        ('deal', 3, 3000, 'changed', 'stage', 'Old name', 'Hot ones');
    `);
    old.close();

    const { sqlite } = openDatabase(file);
    // The two under test come first; later migrations follow them.
    expect(migrate(sqlite).slice(0, 2)).toEqual(['0029_reports', '0030_reports_stage_history']);
    const rows = () => sqlite.prepare('SELECT deal_id AS deal, stage_id AS stage, entered_at AS entered, left_at AS left FROM deal_stage_changes ORDER BY deal_id, entered_at').all();
    expect(rows()).toEqual([
      { deal: 1, stage: 1, entered: 1000, left: 2000 },
      { deal: 1, stage: 2, entered: 2000, left: 5000 },
      { deal: 1, stage: 3, entered: 5000, left: null },
      { deal: 2, stage: 2, entered: 1500, left: null },
      // The stage it came from is named as it was called then: not found, left out.
      { deal: 3, stage: 2, entered: 3000, left: null },
    ]);

    const furthest = () => sqlite.prepare('SELECT id, furthest_stage_id AS f FROM deals ORDER BY id').all();
    expect(furthest()).toEqual([{ id: 1, f: 3 }, { id: 2, f: 2 }, { id: 3, f: 2 }]);

    sqlite.exec(`UPDATE deals SET stage_id = 3, updated_at = 9000 WHERE id = 2; UPDATE deals SET title = 'same stage', updated_at = 9500 WHERE id = 3;
      INSERT INTO deals (id, title, pipeline_id, stage_id, currency, responsible_id, created_at, updated_at) VALUES (4, 'new', 1, 1, 'RUB', 1, 10000, 10000);`);
    expect(rows()).toEqual([
      { deal: 1, stage: 1, entered: 1000, left: 2000 },
      { deal: 1, stage: 2, entered: 2000, left: 5000 },
      { deal: 1, stage: 3, entered: 5000, left: null },
      { deal: 2, stage: 2, entered: 1500, left: 9000 },
      { deal: 2, stage: 3, entered: 9000, left: null },
      { deal: 3, stage: 2, entered: 3000, left: null },
      { deal: 4, stage: 1, entered: 10000, left: null },
    ]);
    // Back to an earlier stage: the furthest stays.
    sqlite.exec(`UPDATE deals SET stage_id = 1, updated_at = 11000 WHERE id = 1`);
    expect(furthest()).toEqual([{ id: 1, f: 3 }, { id: 2, f: 3 }, { id: 3, f: 2 }, { id: 4, f: 1 }]);
    sqlite.close();
  });
});
