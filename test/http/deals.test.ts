import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';

let server: TestServer;
let admin: Client;

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

const stage = (name: string) => server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages WHERE name = ${name}`)[0]!.id;
const deal = (id: number) => server.ctx.db.all<{ amount_minor: number; stage_id: number; closed_at: number | null; currency: string }>(sql`SELECT * FROM deals WHERE id = ${id}`)[0]!;
const form = (over: Record<string, string> = {}) => ({ title: 'Поставка серверов', stageId: String(stage('New')), amount: '1 234 567,89', currency: 'RUB', probability: '40', responsibleId: '1', ...over });

describe('deals', () => {
  it('keeps money exact, closes on a final stage and reopens, and records the stage history', async () => {
    await admin.get('/deals/new');
    const bad = await admin.post('/deals', form({ amount: '12,34,5', probability: '140' }));
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Enter an amount, e.g. 1,234.50.');
    expect(bad.text).toContain('A whole number from 0 to 100.');

    const made = await admin.post('/deals', form());
    expect(made.status).toBe(303);
    const id = Number(made.headers.get('location')!.split('/').pop());
    expect(deal(id)).toMatchObject({ amount_minor: 123456789, currency: 'RUB', closed_at: null });
    expect((await admin.get(`/deals/${id}`)).text).toMatch(/RUB\s1,234,567\.89/);

    await admin.post(`/deals/${id}/stage`, { stageId: String(stage('Deal won')) });
    expect(deal(id).closed_at).toBeTypeOf('number');
    await admin.post(`/deals/${id}/stage`, { stageId: String(stage('Negotiation')) });
    expect(deal(id).closed_at).toBeNull();
    const page = await admin.get(`/deals/${id}`);
    expect(page.text).toMatch(/Stage<\/strong>: <span class="old">New<\/span> → <span class="new">Deal won<\/span>/);
    expect(page.text).toMatch(/Stage<\/strong>: <span class="old">Deal won<\/span> → <span class="new">Negotiation<\/span>/);
  });

  it('shows the kanban with counts and sums per stage, and quick-adds a card', async () => {
    await admin.get('/deals/new');
    await admin.post('/deals', form({ amount: '100' }));
    await admin.post('/deals', form({ title: 'Вторая', amount: '50,50' }));
    await admin.post('/deals', form({ title: 'В долларах', amount: '10', currency: 'USD' }));
    const board = await admin.get('/deals/kanban');
    const newColumn = board.text.slice(board.text.indexOf(`data-column="${stage('New')}"`), board.text.indexOf(`data-column="${stage('Qualification')}"`));
    expect(newColumn).toContain('<span class="column-count" title="Deals">3</span>');
    expect(newColumn).toMatch(/RUB\s150\.50/);
    expect(newColumn).toContain(' + 1</span>');
    // With a rate the dollars join the sum: 150.50 + 10 × 92.50 = 1 075.50.
    await admin.get('/settings/currencies');
    await admin.post('/settings/currencies', { code: 'USD', rate: '92,5' });
    const converted = await admin.get('/deals/kanban');
    const column = converted.text.slice(converted.text.indexOf(`data-column="${stage('New')}"`), converted.text.indexOf(`data-column="${stage('Qualification')}"`));
    expect(column).toMatch(/RUB\s1,075\.50/);
    expect(column).not.toContain(' + 1</span>');
    const quick = await admin.post('/deals/quick', { title: 'Быстрая', stageId: String(stage('Proposal')) });
    expect(quick.status).toBe(303);
    expect((await admin.get('/deals/kanban')).text).toContain('Быстрая');
  });

  it('a manager moves only their own deals; "available to everyone" opens a colleague\'s deal for reading', async () => {
    const anna = await addUser(server.ctx, { email: 'anna@example.com', password: 'Anna-pass-12', fullName: 'Anna' });
    await addUser(server.ctx, { email: 'boris@example.com', password: 'Boris-pass-12', fullName: 'Boris' });
    const a = new Client(server.url);
    await a.signIn('anna@example.com', 'Anna-pass-12');
    await a.get('/deals/new');
    const mine = Number((await a.post('/deals', form({ title: 'Сделка Анны', responsibleId: String(anna.id) }))).headers.get('location')!.split('/').pop());
    const open = Number((await a.post('/deals', form({ title: 'Открытая сделка', responsibleId: String(anna.id), everyone: '1' }))).headers.get('location')!.split('/').pop());

    const b = new Client(server.url);
    await b.signIn('boris@example.com', 'Boris-pass-12');
    expect((await b.get(`/deals/${mine}`)).status).toBe(404);
    expect((await b.post(`/deals/${mine}/stage`, { stageId: String(stage('Deal won')) }, { 'HX-Request': 'true' })).status).toBe(404);
    expect((await b.get(`/deals/${open}`)).status).toBe(200);
    expect((await b.post(`/deals/${open}/stage`, { stageId: String(stage('Deal won')) })).status).toBe(403);
    const board = await b.get('/deals/kanban');
    expect(board.text).toContain('Открытая сделка');
    expect(board.text).not.toContain('Сделка Анны');
    expect((await a.post(`/deals/${mine}/stage`, { stageId: String(stage('Deal won')) }, { 'HX-Request': 'true' })).status).toBe(204);
  });
});

describe('pipelines with deals', () => {
  it('a stage or pipeline holding deals cannot be removed', async () => {
    await admin.get('/deals/new');
    await admin.post('/deals', form({ stageId: String(stage('Proposal')) }));
    const pipelineId = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM pipelines`)[0]!.id;
    await admin.post('/settings/pipelines', { name: 'Второе направление' });
    const stages = server.ctx.db.all<{ id: number; name: string; semantics: string; sort: number; color: string }>(sql`SELECT id, name, semantics, sort, color FROM stages WHERE pipeline_id = ${pipelineId} ORDER BY sort`);
    const rows = Object.fromEntries(
      stages.flatMap((s, i) => [
        [`rows[${i}][id]`, String(s.id)],
        [`rows[${i}][name]`, s.name],
        [`rows[${i}][semantics]`, s.semantics],
        [`rows[${i}][sort]`, String(s.sort)],
        [`rows[${i}][color]`, s.color],
        ...(s.name === 'Proposal' ? [[`rows[${i}][remove]`, '1']] : []),
      ]),
    );
    await admin.get(`/settings/pipelines/${pipelineId}`);
    const refused = await admin.post(`/settings/pipelines/${pipelineId}/stages`, rows);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Stage Proposal has deals');
    const del = await admin.post(`/settings/pipelines/${pipelineId}/delete`, {});
    expect(del.status).toBe(409);
    expect(del.text).toContain('This pipeline has 1 deals');
  });
});

describe('home page', () => {
  it("shows the signed-in user's open deals and leads in work, not closed ones or colleagues'", async () => {
    await admin.get('/deals/new');
    await admin.post('/deals', form({ title: 'Моя открытая' }));
    await admin.post('/deals', form({ title: 'Моя выигранная', stageId: String(stage('Deal won')) }));
    const boris = await addUser(server.ctx, { email: 'boris@example.com', password: 'Boris-pass-12', fullName: 'Boris' });
    await admin.post('/deals', form({ title: 'Сделка Бориса', responsibleId: String(boris.id) }));
    await admin.get('/deals/kanban'); // shows (and so clears) the "created" message naming Boris's deal
    const home = await admin.get('/');
    expect(home.text).toContain('Моя открытая');
    expect(home.text).not.toContain('Моя выигранная');
    expect(home.text).not.toContain('Сделка Бориса');
  });
});

describe('bulk actions on the deal list', () => {
  it('assigns, moves and deletes selected deals, refusing the whole action when one is out of reach', async () => {
    const boris = await addUser(server.ctx, { email: 'boris@example.com', password: 'Boris-pass-12', fullName: 'Boris' });
    await admin.get('/deals/new');
    const ids: string[] = [];
    for (const title of ['Первая', 'Вторая', 'Третья']) ids.push((await admin.post('/deals', form({ title }))).headers.get('location')!.split('/').pop()!);
    await admin.get('/deals');
    expect(admin.lastBody).toContain(`name="ids" value="${ids[0]}" form="bulk-form"`);
    const assigned = await admin.post('/deals/bulk', { ids: ids.slice(0, 2), action: 'assign', responsibleId: String(boris.id), back: '/deals' });
    expect(assigned.headers.get('location')).toBe('/deals');
    expect(server.ctx.db.all(sql`SELECT responsible_id AS r FROM deals ORDER BY id`)).toEqual([{ r: boris.id }, { r: boris.id }, { r: 1 }]);
    expect((await admin.get('/deals')).text).toContain('Done for 2 deals.');
    await admin.post('/deals/bulk', { ids, action: 'stage', stageId: String(stage('Deal lost')) });
    expect(server.ctx.db.all(sql`SELECT count(*) AS n FROM deals WHERE closed_at IS NOT NULL`)).toEqual([{ n: 3 }]);
    expect((await admin.post('/deals/bulk', { ids: [], action: 'delete' })).status).toBe(303);
    expect((await admin.get('/deals')).text).toContain('Select the records first.');

    // Boris may edit only his own two: a selection with the third is refused as a whole.
    const b = new Client(server.url);
    await b.signIn('boris@example.com', 'Boris-pass-12');
    await b.get('/deals');
    expect((await b.post('/deals/bulk', { ids, action: 'stage', stageId: String(stage('New')) })).status).toBe(404);
    expect(server.ctx.db.all(sql`SELECT count(*) AS n FROM deals WHERE closed_at IS NOT NULL`)).toEqual([{ n: 3 }]);
    expect((await b.post('/deals/bulk', { ids: ids.slice(0, 2), action: 'delete' })).status).toBe(403);
    await admin.post('/deals/bulk', { ids, action: 'delete' });
    expect(server.ctx.db.all(sql`SELECT count(*) AS n FROM deals WHERE deleted_at IS NULL`)).toEqual([{ n: 0 }]);
  });
});
