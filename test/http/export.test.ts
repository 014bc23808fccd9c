import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { createContact } from '../../src/features/contacts/service.js';
import { createDeal } from '../../src/features/deals/service.js';
import { createRole, updateRole } from '../../src/features/roles/service.js';
import { findUser, setUserRoles } from '../../src/features/users/queries.js';
import { filledMatrix } from '../../src/platform/access/model.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';

/**
 * Export of list views (issue 18, points 3 and 4): the list's filter, sort and columns as CSV or
 * XLSX, within the export right and the read scope, recorded in the audit log.
 */
let server: TestServer;
let admin: Client;

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

const asUser = (id: number) => toCurrentUser(server.ctx.db, findUser(server.ctx.db, id)!);
const stage = (name: string) => server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages WHERE name = ${name}`)[0]!.id;
const dealBase = { amount: '0', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: null, companyId: null, everyone: false, comments: null };
const deal = (title: string, over: Partial<Parameters<typeof createDeal>[2]> = {}, owner = 1) =>
  createDeal(server.ctx, asUser(owner), { ...dealBase, title, stageId: stage('New'), ...over, responsibleId: over.responsibleId ?? owner });
const contactBase = { firstName: null, middleName: null, position: null, typeId: null, sourceId: null, birthday: null, comments: null, companyIds: [] };

/** RFC 4180 lines into cells (quotes doubled, CRLF between records). */
function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

async function download(client: Client, path: string): Promise<{ status: number; type: string | null; name: string | null; bytes: Buffer }> {
  const res = await fetch(client.base + path, { headers: { cookie: client.cookieHeader() }, redirect: 'manual' });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), name: /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? null, bytes };
}

async function chooseColumns(client: Client, base: string, cols: string[]) {
  await client.get(base);
  expect((await client.post(`${base}/columns`, { cols })).status).toBe(303);
}

async function seedDeals() {
  await admin.get('/settings/fields');
  expect((await admin.post('/settings/fields', { entity: 'deal', label: 'Артикул', type: 'string', code: 'sku' })).status).toBe(303);
  const a = deal('Серверы для склада', { amount: '150000', expectedClose: '2026-03-10' });
  const b = deal('Серверы для офиса', { amount: '90000,50', currency: 'USD' });
  deal('Ноутбуки', { amount: '300000' });
  deal('=HYPERLINK("http://evil.example","серверы")', { amount: '5' });
  server.ctx.db.run(sql`UPDATE deals SET custom = json_set(coalesce(custom, '{}'), '$.sku', 'SKU-1; "A"') WHERE id = ${a.id}`);
  server.ctx.db.run(sql`UPDATE deals SET custom = json_set(coalesce(custom, '{}'), '$.sku', '+7 999') WHERE id = ${b.id}`);
  await chooseColumns(admin, '/deals', ['title', 'amountMinor', 'cf_sku', 'expectedClose', 'createdAt']);
}

const filtered = 'f.title=%D1%81%D0%B5%D1%80%D0%B2%D0%B5%D1%80%D1%8B&sort=amountMinor&dir=desc'; // f.title=серверы

describe('list export', () => {
  it('exports a filtered, sorted deal list as CSV: BOM, the chosen columns, money as amount and currency, Cyrillic, formulas neutralised', async () => {
    await seedDeals();
    const file = await download(admin, `/deals/export?format=csv&${filtered}`);
    expect(file.status).toBe(200);
    expect(file.type).toBe('text/csv; charset=utf-8');
    expect(file.name).toMatch(/^deals-\d{4}-\d\d-\d\d\.csv$/);
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(file.bytes.toString('utf8').slice(1));
    expect(rows[0]).toEqual(['Title', 'Amount', 'Amount: currency', 'Артикул', 'Expected close', 'Created']);
    expect(rows.slice(1).map((r) => r.slice(0, 5))).toEqual([
      ['Серверы для склада', '150000.00', 'RUB', 'SKU-1; "A"', '2026-03-10'],
      ['Серверы для офиса', '90000.50', 'USD', "'+7 999", ''],
      [`'=HYPERLINK("http://evil.example","серверы")`, '5.00', 'RUB', '', ''],
    ]);
    for (const r of rows.slice(1)) expect(r[5]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(rows).toHaveLength(4);
  });

  it('writes ";" CSV with decimal commas for a Russian Excel, and XLSX with the same values', async () => {
    await seedDeals();
    const semi = await download(admin, `/deals/export?format=csv-semicolon&${filtered}`);
    const rows = parseCsv(semi.bytes.toString('utf8').slice(1), ';');
    expect(rows[1]!.slice(0, 4)).toEqual(['Серверы для склада', '150000,00', 'RUB', 'SKU-1; "A"']);

    const xlsx = await download(admin, `/deals/export?format=xlsx&${filtered}`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.name).toMatch(/^deals-\d{4}-\d\d-\d\d\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1, 6);
    expect(values(1)).toEqual(['Title', 'Amount', 'Amount: currency', 'Артикул', 'Expected close']);
    expect(values(2)).toEqual(['Серверы для склада', 150000, 'RUB', 'SKU-1; "A"', new Date('2026-03-10T00:00:00Z')]);
    // Text that looks like a formula is a text cell in XLSX, never a formula.
    expect(sheet.getRow(4).getCell(1).value).toBe('=HYPERLINK("http://evil.example","серверы")');
    expect(sheet.getRow(4).getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(3).getCell(2).value).toBe(90000.5);
    expect(sheet.rowCount).toBe(4);
  });

  it('records the export in the audit log with entity, format, row count and filter', async () => {
    await seedDeals();
    await download(admin, `/deals/export?format=csv&${filtered}`);
    const entries = server.ctx.db.all<{ user_id: number; details: string }>(sql`SELECT user_id, details FROM audit_log WHERE kind = 'list.exported'`);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.user_id).toBe(1);
    expect(JSON.parse(entries[0]!.details)).toMatchObject({ entity: 'deal', format: 'csv', rows: 3, filter: filtered, columns: ['title', 'amountMinor', 'cf_sku', 'expectedClose', 'createdAt'] });
    const page = await admin.get('/settings/audit?kind=list.exported');
    expect(page.text).toContain('List exported');
  });

  it("gives a manager whose role may export only the manager's own records; a role without the right gets a readable 403", async () => {
    const exporter = await addUser(server.ctx, { email: 'vera@example.com', password: 'Vera-pass-1234', fullName: 'Vera' });
    const plain = await addUser(server.ctx, { email: 'oleg@example.com', password: 'Oleg-pass-1234', fullName: 'Oleg' });
    const role = createRole(server.ctx, { userId: null, ip: null }, { name: 'Exporting managers', copyFrom: null });
    const sales = ['lead', 'contact', 'company', 'deal'];
    updateRole(server.ctx, { userId: null, ip: null }, role.id, { name: 'Exporting managers', m: filledMatrix((e, a) => (sales.includes(e) && a !== 'import' && a !== 'delete' ? 'own' : 'none')), maySettings: false, mayEditCatalog: false });
    setUserRoles(server.ctx.db, exporter.id, [role.id]);
    for (const [name, owner] of [['Вера 1', exporter.id], ['Вера 2', exporter.id], ['Админ', 1], ['Олег', plain.id]] as const) {
      createContact(server.ctx, asUser(owner), { ...contactBase, lastName: name, responsibleId: owner, comms: [{ kind: 'phone', value: `+7 900 000-00-0${owner}`, type: 'work' }, ...(name === 'Вера 1' ? [{ kind: 'phone' as const, value: '8 (495) 123-45-67', type: 'home' }] : []), { kind: 'email', value: `c${owner}@example.com`, type: 'work' }] });
    }

    const vera = new Client(server.url);
    await vera.signIn('vera@example.com', 'Vera-pass-1234');
    const list = await vera.get('/contacts?q=');
    expect(list.text).toContain('/contacts/export?');
    await chooseColumns(vera, '/contacts', ['fullName', 'phone', 'email']);
    const file = await download(vera, '/contacts/export?format=csv&sort=fullName&dir=asc');
    expect(file.status).toBe(200);
    const rows = parseCsv(file.bytes.toString('utf8').slice(1));
    expect(rows.slice(1).map((r) => r[0])).toEqual(['Вера 1', 'Вера 2']);
    expect(rows[1]![1]).toMatch(/^'\+7 900 000-00-0\d, 8 \(495\) 123-45-67$/);
    expect(rows[1]![2]).toMatch(/^c\d+@example\.com$/);

    const oleg = new Client(server.url);
    await oleg.signIn('oleg@example.com', 'Oleg-pass-1234');
    const page = await oleg.get('/contacts?q=');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('/contacts/export?');
    const refused = await oleg.get('/contacts/export?format=csv');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Your role may not export this list');
    expect(server.ctx.db.all(sql`SELECT id FROM audit_log WHERE kind = 'list.exported' AND user_id = ${plain.id}`)).toEqual([]);
  });

  it('exports every list: leads, contacts, companies, deals, products, quotes, invoices', async () => {
    for (const base of ['/leads', '/contacts', '/companies', '/deals', '/products', '/quotes', '/invoices']) {
      const file = await download(admin, `${base}/export?format=xlsx`);
      expect(file.status, base).toBe(200);
      expect(file.bytes.subarray(0, 2).toString(), base).toBe('PK');
    }
    expect((await download(admin, '/deals/export?format=pdf')).status).toBe(400);
  });
});
