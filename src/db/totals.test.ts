import { describe, expect, it } from 'vitest';
import { testContext } from '../../test/support/context.js';
import { addUser, setUpCompany } from '../../test/support/server.js';

/**
 * The kanban totals (deal_totals, lead_totals) are kept by triggers: whatever writes deals or leads,
 * the totals must equal what aggregating the live records gives.
 */
describe('kanban totals', () => {
  it('follow every insert, move, reassignment, amount change, delete and restore', async () => {
    const ctx = testContext();
    await setUpCompany(ctx);
    const other = await addUser(ctx, { email: 'm@example.com', password: 'manager pass 1', fullName: 'Manager' });
    const db = ctx.sqlite;
    const stages = db.prepare('SELECT id, pipeline_id AS pipelineId FROM stages ORDER BY id').all() as { id: number; pipelineId: number }[];
    const statuses = db.prepare('SELECT id FROM lead_statuses ORDER BY id').all() as { id: number }[];
    const users = [1, other.id];
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const now = Date.now();
    const insertDeal = db.prepare(
      `INSERT INTO deals (title, pipeline_id, stage_id, amount_minor, currency, responsible_id, everyone, created_at, updated_at) VALUES ('d', ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertLead = db.prepare(`INSERT INTO leads (title, status_id, currency, responsible_id, everyone, created_at, updated_at) VALUES ('l', ?, 'RUB', ?, ?, ?, ?)`);
    for (let i = 0; i < 60; i++) {
      const stage = stages[rnd(stages.length)]!;
      insertDeal.run(stage.pipelineId, stage.id, rnd(100000), rnd(3) ? 'RUB' : 'USD', users[rnd(2)], rnd(2), now, now);
      insertLead.run(statuses[rnd(statuses.length)]!.id, users[rnd(2)], rnd(2), now, now);
    }
    for (let i = 0; i < 300; i++) {
      const id = 1 + rnd(60);
      const stage = stages[rnd(stages.length)]!;
      const change = [
        () => db.prepare('UPDATE deals SET stage_id = ?, pipeline_id = ? WHERE id = ?').run(stage.id, stage.pipelineId, id),
        () => db.prepare('UPDATE deals SET responsible_id = ? WHERE id = ?').run(users[rnd(2)], id),
        () => db.prepare('UPDATE deals SET amount_minor = ?, currency = ? WHERE id = ?').run(rnd(5000), rnd(2) ? 'RUB' : 'EUR', id),
        () => db.prepare('UPDATE deals SET everyone = NOT everyone WHERE id = ?').run(id),
        () => db.prepare('UPDATE deals SET deleted_at = CASE WHEN deleted_at IS NULL THEN ? END WHERE id = ?').run(now, id),
        () => db.prepare('UPDATE deals SET title = ? WHERE id = ?').run(`t${i}`, id),
        () => db.prepare('UPDATE leads SET status_id = ? WHERE id = ?').run(statuses[rnd(statuses.length)]!.id, id),
        () => db.prepare('UPDATE leads SET responsible_id = ?, everyone = ? WHERE id = ?').run(users[rnd(2)], rnd(2), id),
        () => db.prepare('UPDATE leads SET deleted_at = CASE WHEN deleted_at IS NULL THEN ? END WHERE id = ?').run(now, id),
      ][rnd(9)]!;
      change();
    }
    db.prepare('DELETE FROM deals WHERE id IN (3, 4, 5) AND id NOT IN (SELECT deal_id FROM leads WHERE deal_id IS NOT NULL)').run();

    const dealsKept = db.prepare('SELECT pipeline_id, stage_id, responsible_id, everyone, currency, count, amount_minor FROM deal_totals ORDER BY 2, 3, 4, 5').all();
    const dealsCounted = db
      .prepare(
        `SELECT pipeline_id, stage_id, responsible_id, everyone, currency, count(*) AS count, sum(amount_minor) AS amount_minor FROM deals
         WHERE deleted_at IS NULL GROUP BY stage_id, responsible_id, everyone, currency ORDER BY 2, 3, 4, 5`,
      )
      .all();
    expect(dealsKept).toEqual(dealsCounted);
    const leadsKept = db.prepare('SELECT status_id, responsible_id, everyone, count FROM lead_totals ORDER BY 1, 2, 3').all();
    const leadsCounted = db
      .prepare('SELECT status_id, responsible_id, everyone, count(*) AS count FROM leads WHERE deleted_at IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3')
      .all();
    expect(leadsKept).toEqual(leadsCounted);
    expect(dealsKept.length).toBeGreaterThan(5);
  });
});
