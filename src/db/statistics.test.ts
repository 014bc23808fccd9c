import { describe, expect, it } from 'vitest';
import { testContext } from '../../test/support/context.js';
import { setUpCompany } from '../../test/support/server.js';
import { refreshStatistics } from './statistics.js';

describe('planner statistics', () => {
  it('are gathered for grown tables, so the lead list walks its date index instead of sorting every row', async () => {
    const ctx = testContext();
    await setUpCompany(ctx);
    const status = (ctx.sqlite.prepare('SELECT id FROM lead_statuses ORDER BY sort LIMIT 1').get() as { id: number }).id;
    const insert = ctx.sqlite.prepare(`INSERT INTO leads (title, status_id, currency, responsible_id, created_at, updated_at, deleted_at) VALUES ('l', ?, 'RUB', 1, ?, ?, ?)`);
    ctx.sqlite.transaction(() => {
      for (let i = 0; i < 5000; i++) insert.run(status, i, i, i % 50 === 0 ? i : null);
    })();
    refreshStatistics(ctx.sqlite, { atStart: true });
    const analysed = ctx.sqlite.prepare(`SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl = 'leads'`).get() as { n: number };
    expect(analysed.n).toBeGreaterThan(0);
    const plan = ctx.sqlite
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM leads WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 51')
      .all()
      .map((r) => (r as { detail: string }).detail)
      .join(' | ');
    expect(plan).toContain('leads_created_live');
    expect(plan).not.toContain('TEMP B-TREE');
  });
});
