import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { setUpCompany } from '../../../test/support/server.js';
import { testContext } from '../../../test/support/context.js';
import type { AppContext } from '../../context.js';
import { streamPage } from './queries.js';

const opened: AppContext[] = [];
afterEach(() => {
  for (const ctx of opened.splice(0)) ctx.sqlite.close();
});

describe('the stream query', () => {
  it('walks the history backwards by id and stops at the page, with or without the planner statistics', async () => {
    const ctx = testContext();
    opened.push(ctx);
    await setUpCompany(ctx);
    ctx.sqlite.exec(`WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 300)
      INSERT INTO leads (title, status_id, responsible_id, created_by, created_at, updated_at, currency)
      SELECT 'Лид ' || value, (SELECT id FROM lead_statuses ORDER BY sort LIMIT 1), 1, 1, value, value, 'RUB' FROM n`);
    ctx.sqlite.exec(`INSERT INTO history (entity, entity_id, at, user_id, kind) SELECT 'lead', id, created_at, 1, 'created' FROM leads`);
    // The statement streamPage prepares, with its plan read the way SQLite would run it.
    let statement = '';
    const prepare = ctx.sqlite.prepare.bind(ctx.sqlite);
    ctx.sqlite.prepare = ((source: string) => {
      if (source.includes('"history"')) statement = source;
      return prepare(source);
    }) as typeof ctx.sqlite.prepare;
    const visible = { lead: undefined, contact: undefined, company: undefined, deal: undefined };
    const plan = () => {
      const params = (statement.match(/\?/g) ?? []).map(() => 'x');
      return prepare(`EXPLAIN QUERY PLAN ${statement}`)
        .all(...params)
        .map((r) => (r as { detail: string }).detail)
        .join(' | ');
    };
    for (const statistics of [false, true]) {
      ctx.sqlite.exec(statistics ? 'ANALYZE' : 'DROP TABLE IF EXISTS sqlite_stat1');
      const rows = streamPage(ctx.db, { visible, userId: null, beforeId: null, limit: 51 });
      expect(rows.map((r) => r.entry.entityId)).toEqual(ctx.db.all<{ id: number }>(sql`SELECT id FROM leads ORDER BY id DESC LIMIT 51`).map((r) => r.id));
      expect(plan(), `statistics: ${statistics}`).toMatch(/^SCAN history\b/);
      expect(plan(), `statistics: ${statistics}`).not.toContain('TEMP B-TREE');
    }
  });
});
