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

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4d70000000049454e44ae426082', 'hex');
const idFrom = (res: Response) => Number(res.headers.get('location')!.split('/').pop());
const product = (over: Record<string, string> = {}) => ({ name: 'Ноутбук Lenovo ThinkPad', sku: 'TP-X1/2024', price: '120 000,00', currency: 'RUB', vat: '2000', vatIncluded: '1', unitCode: '796', active: '1', sort: '100', ...over });

async function signedIn(email: string, role = 'manager') {
  await addUser(server.ctx, { email, password: 'Pass-word-123', fullName: email.split('@')[0]!, role });
  const c = new Client(server.url);
  await c.signIn(email, 'Pass-word-123');
  return c;
}

describe('currencies', () => {
  it('adds a currency with a rate, keeps the history of its changes and refuses bad rates', async () => {
    await admin.get('/settings/currencies');
    const bad = await admin.post('/settings/currencies', { code: 'USD', rate: '92,5.3' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Enter a positive number with up to 8 decimals');
    expect((await admin.post('/settings/currencies', { code: 'RUB', rate: '1' })).text).toContain('This currency is already there.');
    expect((await admin.post('/settings/currencies', { code: 'usd', rate: '92,5' })).status).toBe(303);
    await admin.get('/settings/currencies/USD');
    expect((await admin.post('/settings/currencies/USD', { rate: '95.10' })).status).toBe(303);
    const page = await admin.get('/settings/currencies/USD');
    expect(page.text).toContain('Now: 1 USD = 95.1 RUB.');
    expect(page.text).toMatch(/95\.1<\/td>[\s\S]*92\.5<\/td>/);
    const list = await admin.get('/settings/currencies');
    expect(list.text).toContain('US Dollar');

    const manager = await signedIn('mila@example.com');
    expect((await manager.get('/settings/currencies')).status).toBe(403);
  });
});

describe('catalog', () => {
  it('adds products in nested sections, lists them by section and finds them by the first letters', async () => {
    await admin.get('/products/sections/new');
    expect((await admin.post('/products/sections', { name: 'Компьютеры', sort: '10' })).headers.get('location')).toBe('/products');
    const sectionId = (name: string) => server.ctx.db.all<{ id: number }>(sql`SELECT id FROM catalog_sections WHERE name = ${name}`)[0]!.id;
    await admin.post('/products/sections', { name: 'Ноутбуки', parentId: String(sectionId('Компьютеры')) });
    await admin.post('/products/sections', { name: 'Услуги' });
    const cycle = await admin.post(`/products/sections/${sectionId('Компьютеры')}`, { name: 'Компьютеры', parentId: String(sectionId('Ноутбуки')) });
    expect(cycle.text).toContain('A section cannot be placed inside itself');

    await admin.get('/products/new');
    const bad = await admin.post('/products', product({ name: '', price: 'abc', vat: 'custom', vatCustom: '120' }));
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Please fill this in.');
    expect(bad.text).toContain('Enter an amount, e.g. 1,234.50.');
    expect(bad.text).toContain('Enter the rate in percent, from 0 to 100');

    const laptop = idFrom(await admin.post('/products', product({ sectionId: String(sectionId('Ноутбуки')) })));
    await admin.post('/products', product({ name: 'Настройка сервера', sku: '', price: '5000', vat: 'custom', vatCustom: '12,5', unitCode: '356', sectionId: String(sectionId('Услуги')) }));
    await admin.post('/products', product({ name: 'Ёлочная гирлянда', sku: 'EL-1', price: '990', vat: '' }));
    expect(server.ctx.db.all(sql`SELECT price_minor AS p, vat_bp AS v, unit_code AS u FROM products ORDER BY id`)).toEqual([
      { p: 12000000, v: 2000, u: '796' },
      { p: 500000, v: 1250, u: '356' },
      { p: 99000, v: null, u: '796' },
    ]);
    const page = await admin.get(`/products/${laptop}`);
    expect(page.text).toContain('20 % · included');
    expect(page.text).toMatch(/RUB\s120,000\.00/);

    // The tree's link to "Компьютеры" shows its subsections' products too.
    const list = await admin.get('/products?q=');
    const computers = new RegExp(`href="(/products\\?section=${sectionId('Компьютеры')}[^"]*)"`).exec(list.text)![1]!.replace(/&amp;/g, '&');
    const inComputers = await admin.get(computers);
    expect(inComputers.text).toContain('Ноутбук Lenovo ThinkPad');
    expect(inComputers.text).not.toContain('Настройка сервера');

    for (const [typed, found, notFound] of [
      ['н', ['Ноутбук Lenovo ThinkPad', 'Настройка сервера'], ['Ёлочная гирлянда']],
      ['thi', ['Ноутбук Lenovo ThinkPad'], ['Настройка сервера']],
      ['tp-x', ['Ноутбук Lenovo ThinkPad'], []],
      ['tpx1', ['Ноутбук Lenovo ThinkPad'], []],
      ['ел', ['Ёлочная гирлянда'], ['Ноутбук Lenovo']],
      ['нас серв', ['Настройка сервера'], ['Ноутбук Lenovo']],
    ] as const) {
      const res = await admin.get(`/products?q=${encodeURIComponent(typed)}`);
      for (const name of found) expect(res.text, typed).toContain(name);
      for (const name of notFound) expect(res.text, typed).not.toContain(name);
    }

    const occupied = await admin.post(`/products/sections/${sectionId('Услуги')}/delete`, {});
    expect(occupied.status).toBe(409);
  });

  it('only roles that may edit the catalog change it; readers see it; a picture must be a real image', async () => {
    await admin.get('/products/new');
    const id = idFrom(await admin.post('/products', product()));
    const manager = await signedIn('mila@example.com');
    expect((await manager.get('/products')).text).toContain('Ноутбук Lenovo ThinkPad');
    const shown = await manager.get(`/products/${id}`);
    expect(shown.status).toBe(200);
    expect(shown.text).not.toContain(`/products/${id}/edit`);
    for (const [method, path] of [['get', '/products/new'], ['get', `/products/${id}/edit`], ['post', `/products/${id}`], ['post', `/products/${id}/delete`], ['get', '/products/sections/new']] as const) {
      const res = method === 'get' ? await manager.get(path) : await manager.post(path, product({ name: 'Взлом' }));
      expect(res.status, path).toBe(403);
    }
    expect(server.ctx.db.all(sql`SELECT name FROM products`)).toEqual([{ name: 'Ноутбук Lenovo ThinkPad' }]);

    const upload = async (data: Buffer, csrf = admin.csrf) => {
      const form = new FormData();
      form.append('_csrf', csrf);
      form.append('picture', new Blob([new Uint8Array(data)]), 'picture.png');
      return fetch(`${server.url}/products/picture?id=${id}`, { method: 'POST', body: form, headers: { cookie: admin.cookieHeader() }, redirect: 'manual' });
    };
    await admin.get(`/products/${id}`);
    expect((await upload(PNG, 'forged')).status).toBe(403);
    await upload(Buffer.from('<svg onload="alert(1)"/>'));
    expect(server.ctx.db.all(sql`SELECT picture_id AS p FROM products`)).toEqual([{ p: null }]);
    expect((await upload(PNG)).status).toBe(303);
    const pictureId = server.ctx.db.all<{ p: number }>(sql`SELECT picture_id AS p FROM products`)[0]!.p;
    const image = await manager.get(`/images/${pictureId}`);
    expect(image.headers.get('content-type')).toBe('image/png');
  });
});
