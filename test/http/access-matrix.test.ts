import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { expected, keysOf, KEYS, owner, shown, startMatrix, USERS, type Key, type Matrix } from '../support/access-matrix.js';

/**
 * The access matrix (issue "Access rights"): users in three departments (Retail nested in Sales) under
 * every seeded role and a custom one; records owned across them, a deal and a lead "available to
 * everyone" (test/support/access-matrix.ts). For each user and each path to a deal — list, kanban,
 * record page, global search, stage change, bulk action — what they can see or change is exactly the
 * expected set; leads, contacts and companies likewise on their lists and bulk actions. The paths
 * around the records are in access-matrix-records.test.ts.
 */
let m: Matrix;
beforeAll(async () => {
  m = await startMatrix();
});
afterAll(() => m.server.close());

const secondOf = (table: 'stages' | 'lead_statuses') => m.server.ctx.db.all<{ id: number }>(sql`SELECT id FROM ${sql.raw(table)} ORDER BY sort LIMIT 1 OFFSET 1`)[0]!.id;

describe('who sees and changes which deal, on every path', () => {
  it.each(USERS)('%s', async (name) => {
    const c = m.clients[name]!;
    const want = expected[name]!;
    expect(shown((await c.get('/deals')).text, 'deal'), 'list').toEqual(want.read);
    expect(shown((await c.get('/deals/kanban')).text, 'deal'), 'kanban').toEqual(want.read);
    expect(shown((await c.get('/search?q=Matrix')).text, 'deal'), 'search').toEqual(want.read);
    const pages: Key[] = [];
    const changed: Key[] = [];
    const bulked: Key[] = [];
    const stage = secondOf('stages');
    for (const key of KEYS) {
      const id = m.ids.deal[key]!;
      const page = await c.get(`/deals/${id}`);
      if (page.status === 200) pages.push(key);
      else expect(page.status, `record page ${key}`).toBe(404);
      const move = await c.post(`/deals/${id}/stage`, { stageId: String(stage) }, { 'HX-Request': 'true', 'X-CSRF-Token': c.csrf });
      if (move.status === 204) changed.push(key);
      else expect(move.status, `stage change ${key}`).toBe(want.read.includes(key) ? 403 : 404);
      const bulk = await c.post('/deals/bulk', { ids: String(id), action: 'stage', stageId: String(stage) });
      if (bulk.status === 303) bulked.push(key);
      else expect(bulk.status, `bulk action ${key}`).toBe(want.read.includes(key) ? 403 : 404);
    }
    expect(pages, 'record pages').toEqual(want.read);
    expect(changed, 'stage changes').toEqual(want.edit);
    expect(bulked, 'bulk actions').toEqual(want.edit);
  });
});

describe('who sees and changes which lead, contact and company on the lists and their bulk actions', () => {
  it.each(USERS)('%s', async (name) => {
    const c = m.clients[name]!;
    const want = expected[name]!;
    const status = secondOf('lead_statuses');
    const cases = [
      { kind: 'lead', path: '/leads', form: () => ({ action: 'status', statusId: String(status) }) },
      { kind: 'contact', path: '/contacts', form: (key: Key) => ({ action: 'assign', responsibleId: String(m.people[owner[key]]) }) },
      { kind: 'company', path: '/companies', form: (key: Key) => ({ action: 'assign', responsibleId: String(m.people[owner[key]]) }) },
    ] as const;
    for (const entity of cases) {
      expect(shown((await c.get(entity.path)).text, entity.kind), `${entity.kind} list`).toEqual(keysOf(entity.kind, want.read));
      const bulked: Key[] = [];
      for (const key of keysOf(entity.kind)) {
        const bulk = await c.post(`${entity.path}/bulk`, { ids: String(m.ids[entity.kind][key]), ...entity.form(key) });
        if (bulk.status === 303) bulked.push(key);
        else expect(bulk.status, `${entity.kind} bulk ${key}`).toBe(want.read.includes(key) ? 403 : 404);
      }
      expect(bulked, `${entity.kind} bulk actions`).toEqual(keysOf(entity.kind, want.edit));
    }
  });
});
