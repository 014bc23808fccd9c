import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { ADMIN, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';

let server: TestServer;
let admin: Client;

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

const cardIds = (html: string, attr: string) => [...html.matchAll(new RegExp(`${attr}="(\\d+)"`, 'g'))].map((m) => Number(m[1]));
const moreUrl = (html: string) => html.match(/class="column-more" hx-get="([^"]+)"/)?.[1]?.replace(/&amp;/g, '&') ?? null;

/** A column holding many cards shows the first ones and loads the rest as it scrolls, each card once. */
async function walkColumn(first: string, attr: string): Promise<number[]> {
  const seen = cardIds(first, attr);
  let next = moreUrl(first);
  while (next) {
    const part = await admin.get(next, { 'HX-Request': 'true' });
    expect(part.status).toBe(200);
    seen.push(...cardIds(part.text, attr));
    next = moreUrl(part.text);
  }
  return seen;
}

describe('kanban columns with many cards', () => {
  it('deals: the first screen shows part of a 40-card column, scrolling loads every card exactly once, totals count all', async () => {
    const stageId = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages WHERE name = 'Proposal'`)[0]!.id;
    await admin.get('/deals/new');
    for (let i = 1; i <= 40; i++) await admin.post('/deals', { title: `Сделка ${i}`, stageId: String(stageId), amount: '10', currency: 'RUB', responsibleId: '1' });
    const board = await admin.get('/deals/kanban');
    const column = board.text.slice(board.text.indexOf(`data-column="${stageId}"`));
    const firstScreen = column.slice(0, column.indexOf('data-column=', 20));
    expect(cardIds(firstScreen, 'data-card').length).toBeLessThan(40);
    expect(firstScreen).toContain('<span class="column-count" title="Deals">40</span>');
    expect(firstScreen).toMatch(/RUB\s400\.00/);
    expect(firstScreen).toContain(`<span class="card-owner muted small">${ADMIN.fullName}</span>`);
    const all = await walkColumn(firstScreen, 'data-card');
    expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('leads: the same for a status column', async () => {
    const statusId = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM lead_statuses ORDER BY sort LIMIT 1`)[0]!.id;
    await admin.get('/leads/new');
    for (let i = 1; i <= 35; i++) await admin.post('/leads', { title: `Лид ${i}`, lastName: `Клиент ${i}`, statusId: String(statusId), currency: 'RUB', responsibleId: '1' });
    const board = await admin.get('/leads/kanban');
    const column = board.text.slice(board.text.indexOf(`data-column="${statusId}"`));
    const firstScreen = column.slice(0, column.indexOf('data-column=', 20));
    expect(cardIds(firstScreen, 'data-card').length).toBeLessThan(35);
    expect(firstScreen).toContain('>35</span>');
    expect(firstScreen).toContain(`<span class="card-owner muted small">${ADMIN.fullName}</span>`);
    const all = await walkColumn(firstScreen, 'data-card');
    expect(new Set(all).size).toBe(35);
    expect(all.length).toBe(35);
  });
});
