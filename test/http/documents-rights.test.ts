import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { createDepartment } from '../../src/features/departments/service.js';
import { createDeal } from '../../src/features/deals/service.js';
import { createFromDeal } from '../../src/features/documents/service.js';
import { documentPdf } from '../../src/features/documents/pdf.js';
import { findUser } from '../../src/features/users/queries.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';

let server: TestServer;

eachWithAdmin((s) => {
  server = s;
});

const as = (id: number) => toCurrentUser(server.ctx.db, findUser(server.ctx.db, id)!);

/**
 * Sales (head Hanna, managers Anna and Boris) and Support (manager Sam). Each manager has a deal
 * with an invoice and a quote of their own.
 */
async function people() {
  const sales = createDepartment(server.ctx, { name: 'Sales', parentId: null, headUserId: null });
  const support = createDepartment(server.ctx, { name: 'Support', parentId: null, headUserId: null });
  const add = async (name: string, role: string, dept: number) => (await addUser(server.ctx, { email: `${name}@example.com`, password: 'Pass-word-123', fullName: name, role, departmentIds: [dept] })).id;
  const ids = { hanna: await add('hanna', 'head', sales.id), anna: await add('anna', 'manager', sales.id), boris: await add('boris', 'manager', sales.id), sam: await add('sam', 'manager', support.id) };
  const stageId = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
  const docs: Record<string, { invoice: number; quote: number; deal: number; number: string }> = {};
  for (const name of ['anna', 'boris', 'sam'] as const) {
    const user = as(ids[name]);
    const deal = createDeal(server.ctx, user, { title: `Deal of ${name}`, stageId, amount: '100', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: null, companyId: null, responsibleId: user.id, everyone: false, comments: null });
    const invoice = createFromDeal(server.ctx, user, 'invoice', deal.id);
    docs[name] = { invoice: invoice.id, quote: createFromDeal(server.ctx, user, 'quote', deal.id).id, deal: deal.id, number: invoice.number };
  }
  const client = async (name: string) => {
    const c = new Client(server.url);
    await c.signIn(`${name}@example.com`, 'Pass-word-123');
    return c;
  };
  return { ids, docs, client };
}

describe('rights on quotes and invoices', () => {
  it.each([
    ['anna', ['anna']],
    ['boris', ['boris']],
    ['hanna', ['anna', 'boris']],
    ['sam', ['sam']],
  ] as const)('%s sees the invoices of %j only: in the list, by URL, as a PDF and on the deal page', async (who, visible) => {
    const { docs, client, ids } = await people();
    const c = await client(who);
    const list = await c.get('/invoices?q=');
    for (const [owner, d] of Object.entries(docs)) {
      const mine = (visible as readonly string[]).includes(owner);
      expect(list.text.includes(`href="/invoices/${d.invoice}"`), `${who} list ${owner}`).toBe(mine);
      expect((await c.get(`/invoices/${d.invoice}`)).status, `${who} page ${owner}`).toBe(mine ? 200 : 404);
      expect((await c.get(`/invoices/${d.invoice}/pdf`)).status, `${who} pdf ${owner}`).toBe(mine ? 200 : 404);
      expect((await c.get(`/quotes/${d.quote}/print`)).status, `${who} quote ${owner}`).toBe(mine ? 200 : 404);
      await expect(documentPdf(server.ctx, as(ids[who]), 'invoice', d.invoice).then(() => 'ok', (e: { status: number }) => e.status), `${who} service ${owner}`).resolves.toBe(mine ? 'ok' : 404);
    }
    if (who === 'hanna') {
      // The head reads Anna's deal, and its block lists Anna's documents.
      expect((await c.get(`/deals/${docs.anna!.deal}`)).text).toContain(`/invoices/${docs.anna!.invoice}`);
    }
  });

  it('on a deal open to everyone, a colleague sees neither its invoices nor a way to make one', async () => {
    const { docs, client } = await people();
    // Make Sam's deal readable to everyone: Boris may open it, but not Sam's invoice on it.
    server.ctx.db.run(sql`UPDATE deals SET everyone = 1 WHERE id = ${docs.sam!.deal}`);
    const boris = await client('boris');
    const page = await boris.get(`/deals/${docs.sam!.deal}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(`/invoices/${docs.sam!.invoice}`);
    // Reading is not changing: Boris cannot make documents on it.
    expect(page.text).not.toContain(`action="/deals/${docs.sam!.deal}/documents"`);
    expect((await boris.post(`/deals/${docs.sam!.deal}/documents`, { kind: 'invoice' })).status).toBe(403);
  });
});
