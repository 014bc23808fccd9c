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

const idFrom = (res: Response) => Number(res.headers.get('location')!.split('/').pop());
const stage = () => server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
const dealRow = (id: number) => server.ctx.db.all<{ amount: number; currency: string }>(sql`SELECT amount_minor AS amount, currency FROM deals WHERE id = ${id}`)[0]!;
const rowsOf = (entity: string, id: number) =>
  server.ctx.db.all(sql`SELECT name, quantity, price_minor AS price, discount_minor AS discount, vat_minor AS vat, total_minor AS total FROM product_rows WHERE entity = ${entity} AND entity_id = ${id} ORDER BY sort`);

async function product(name: string, price: string, over: Record<string, string> = {}) {
  await admin.get('/products/new');
  return idFrom(await admin.post('/products', { name, price, currency: 'RUB', vat: '2000', vatIncluded: '1', unitCode: '796', active: '1', ...over }));
}

async function deal(over: Record<string, string> = {}) {
  await admin.get('/deals/new');
  return idFrom(await admin.post('/deals', { title: 'Оснащение офиса', stageId: String(stage()), amount: '777', currency: 'RUB', responsibleId: '1', ...over }));
}

/** A row of the editor as posted, by index. */
const row = (i: number, r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [`rows[${i}][${k}]`, v]));

describe('product rows', () => {
  it('adds catalog products and a free row with discounts; the deal amount follows them, with totals per line and in sum', async () => {
    const laptop = await product('Ноутбук', '100 000');
    const id = await deal();
    expect(dealRow(id).amount).toBe(77700);
    const editor = await admin.get(`/deals/${id}/products`);
    expect(editor.status).toBe(200);

    // The type-ahead finds it by its first letters; choosing it adds a row priced from the catalog.
    expect((await admin.get('/products/pick?q=ноу', { 'HX-Request': 'true' })).text).toContain(`name="add" value="${laptop}"`);
    const added = await admin.post(`/deals/${id}/products`, { ...row(0, { name: '', quantity: '1', price: '' }), add: String(laptop) });
    expect(added.text).toContain('value="Ноутбук"');
    expect(added.text).toContain('value="100000.00"');

    const post = (op: Record<string, string>) =>
      admin.post(`/deals/${id}/products`, {
        ...row(0, { productId: String(laptop), name: 'Ноутбук', quantity: '2', unitCode: '796', price: '100000.00', discount: '10', discountKind: 'percent', vat: '2000', vatIncluded: '1' }),
        ...row(1, { productId: '', name: 'Доставка', quantity: '1', unitCode: '876', price: '1500', discount: '500', discountKind: 'amount', vat: '', vatIncluded: '1' }),
        ...op,
      });
    const preview = await post({ op: 'refresh' });
    expect(preview.text).toMatch(/id="rows-total">RUB\s181,000\.00/);
    expect(dealRow(id).amount).toBe(77700);
    expect((await post({ op: 'save' })).status).toBe(303);
    expect(rowsOf('deal', id)).toEqual([
      { name: 'Ноутбук', quantity: 2000, price: 10000000, discount: 2000000, vat: 3000000, total: 18000000 },
      { name: 'Доставка', quantity: 1000, price: 150000, discount: 50000, vat: 0, total: 100000 },
    ]);
    expect(dealRow(id).amount).toBe(18100000);
    const page = await admin.get(`/deals/${id}`);
    expect(page.text).toMatch(/RUB\s181,000\.00/);
    expect(page.text).toMatch(/Products<\/strong>: <span class="old">—<\/span> → <span class="new">Ноутбук × 2; Доставка × 1<\/span>/);
    expect(page.text).toContain('from the products');

    // A typed amount no longer wins; emptying the rows leaves the amount as it was.
    await admin.post(`/deals/${id}`, { title: 'Оснащение офиса', stageId: String(stage()), amount: '1', currency: 'RUB', responsibleId: '1' });
    expect(dealRow(id).amount).toBe(18100000);
    await admin.post(`/deals/${id}/products`, { op: 'save' });
    expect(rowsOf('deal', id)).toEqual([]);
    expect(dealRow(id).amount).toBe(18100000);
  });

  it('shows mistakes next to the row and saves nothing; a product in another currency converts at the current rate', async () => {
    const id = await deal();
    const bad = await admin.post(`/deals/${id}/products`, { ...row(0, { name: '', quantity: '1,2345', price: 'abc', discount: '150', discountKind: 'percent', vat: '' }), ...row(1, { name: 'X', price: '1' }), op: 'save' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Enter a quantity, e.g. 2 or 1,5');
    expect(bad.text).toContain('Enter an amount, e.g. 1,234.50.');
    expect(rowsOf('deal', id)).toEqual([]);

    const usd = await product('Лицензия', '10', { currency: 'USD' });
    const noRate = await admin.post(`/deals/${id}/products`, { add: String(usd) });
    expect(noRate.status).toBe(422);
    expect(noRate.text).toContain('without a rate to RUB');
    await admin.get('/settings/currencies');
    await admin.post('/settings/currencies', { code: 'USD', rate: '92,5' });
    const added = await admin.post(`/deals/${id}/products`, { add: String(usd) });
    expect(added.text).toContain('value="925.00"');

    // Switching the deal to USD reprices its rows at the current rate.
    await admin.post(`/deals/${id}/products`, { ...row(0, { name: 'Лицензия', productId: String(usd), quantity: '3', price: '925.00', vat: '' }), op: 'save' });
    expect(dealRow(id).amount).toBe(277500);
    await admin.post(`/deals/${id}`, { title: 'Оснащение офиса', stageId: String(stage()), amount: '', currency: 'USD', responsibleId: '1' });
    expect(dealRow(id)).toEqual({ amount: 3000, currency: 'USD' });
    expect(rowsOf('deal', id)).toEqual([{ name: 'Лицензия', quantity: 3000, price: 1000, discount: 0, vat: 0, total: 3000 }]);
  });

  it("a lead's rows go to the deal it is converted into", async () => {
    await admin.get('/leads/new');
    const statusId = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM lead_statuses ORDER BY sort LIMIT 1`)[0]!.id;
    const lead = idFrom(await admin.post('/leads', { title: 'Заявка с сайта', lastName: 'Петров', statusId: String(statusId), currency: 'RUB', responsibleId: '1' }));
    await admin.post(`/leads/${lead}/products`, { ...row(0, { name: 'Монтаж', quantity: '1,5', price: '2000', vat: '2000', vatIncluded: '1' }), op: 'save' });
    expect(server.ctx.db.all(sql`SELECT amount_minor AS a FROM leads WHERE id = ${lead}`)).toEqual([{ a: 300000 }]);
    await admin.get(`/leads/${lead}`);
    const converted = await admin.post(`/leads/${lead}/convert`, { contact: 'new', company: 'none', deal: '1', stageId: String(stage()) });
    expect(converted.status).toBe(303);
    const dealId = server.ctx.db.all<{ id: number }>(sql`SELECT deal_id AS id FROM leads WHERE id = ${lead}`)[0]!.id;
    expect(rowsOf('deal', dealId)).toEqual([{ name: 'Монтаж', quantity: 1500, price: 200000, discount: 0, vat: 50000, total: 300000 }]);
    expect(dealRow(dealId).amount).toBe(300000);
    expect((await admin.get(`/leads/${lead}/products`)).status).toBe(409);
  });

  it("rights: a manager edits the rows of their own deal only, and one without catalog rights adds free rows only", async () => {
    const laptop = await product('Ноутбук', '100');
    const id = await deal();
    await addUser(server.ctx, { email: 'mila@example.com', password: 'Pass-word-123', fullName: 'Mila' });
    const mila = new Client(server.url);
    await mila.signIn('mila@example.com', 'Pass-word-123');
    expect((await mila.get(`/deals/${id}/products`)).status).toBe(404);
    expect((await mila.post(`/deals/${id}/products`, { op: 'save' })).status).toBe(404);
    server.ctx.db.run(sql`UPDATE deals SET responsible_id = (SELECT id FROM users WHERE email = 'mila@example.com') WHERE id = ${id}`);
    expect((await mila.get(`/deals/${id}/products`)).status).toBe(200);
    server.ctx.db.run(sql`DELETE FROM role_permissions WHERE entity = 'product'`);
    const editor = await mila.get(`/deals/${id}/products`);
    expect(editor.text).not.toContain('/products/pick');
    expect((await mila.post(`/deals/${id}/products`, { add: String(laptop) })).status).toBe(403);
  });
});
