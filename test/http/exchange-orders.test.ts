import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readCommerceML } from '../../src/integrations/commerceml/reader.js';
import type { CmlDocument } from '../../src/integrations/commerceml/document-records.js';
import { saveExchangeSettings } from '../../src/features/exchange/settings.js';
import { moveDeal } from '../../src/features/deals/service.js';
import { createFromDeal, setStatus } from '../../src/features/documents/service.js';
import { markPaid } from '../../src/features/documents/payments.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { findUser } from '../../src/features/users/queries.js';
import { processFolder } from '../../src/features/exchange/folder.js';
import { Client } from '../support/http-client.js';
import { OneCClient } from '../support/onec-client.js';
import { ADMIN, addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/commerceml');

let server: TestServer;
let admin: Client;
let managerId: number;
let stages: { id: number; name: string; semantics: string }[];

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

async function setUp() {
  managerId = (await addUser(server.ctx, { email: 'maria@example.com', password: 'Maria-pass-123', fullName: 'Мария Менеджер' })).id;
  stages = server.ctx.sqlite.prepare('SELECT id, name, semantics FROM stages WHERE pipeline_id = (SELECT min(id) FROM pipelines) ORDER BY sort').all() as typeof stages;
  const paidStage = stages.find((st) => st.semantics === 'open' && st !== stages[0])!;
  const won = stages.find((st) => st.semantics === 'won')!;
  const lost = stages.find((st) => st.semantics === 'lost')!;
  saveExchangeSettings(server.ctx.db, { sliceMs: 0, responsibleId: managerId, stageMap: { paid: paidStage.id, shipped: null, posted: won.id, cancelled: lost.id, deleted: lost.id } });
  return { paidStage, won, lost };
}

const rows = <T>(sql: string, ...params: unknown[]) => server.ctx.sqlite.prepare(sql).all(...params) as T[];
const row = <T>(sql: string, ...params: unknown[]) => server.ctx.sqlite.prepare(sql).get(...params) as T;

/** A store (or 1C in the old protocol) sends an orders file: checkauth, init, file; the file is imported at once. */
async function sendOrders(name: string, data: Buffer): Promise<string[]> {
  const client = new OneCClient(server.url, ADMIN.email, ADMIN.password);
  await client.checkauth('sale');
  await client.init('sale');
  const [answer] = await client.upload('sale', name, data, 1024 * 1024);
  return answer!.lines;
}

/** 1C asks for the orders: query (parsed back as CommerceML), then success unless told not to. */
async function query(options: { acknowledge?: boolean } = {}): Promise<{ docs: CmlDocument[]; xml: string }> {
  const client = new OneCClient(server.url, ADMIN.email, ADMIN.password);
  await client.checkauth('sale');
  await client.init('sale', { version: '2.09' });
  const answer = await client.send({ type: 'sale', mode: 'query' });
  const docs: CmlDocument[] = [];
  for await (const batch of readCommerceML(Readable.from([answer.body]))) for (const item of batch) if (item.kind === 'document') docs.push(item.value);
  if (options.acknowledge !== false) expect((await client.send({ type: 'sale', mode: 'success' })).lines).toEqual(['success']);
  return { docs, xml: iconv.decode(answer.body, 'win1251') };
}

function statusUpdate(id: string, version: string, requisites: Record<string, string>): Buffer {
  const reqs = Object.entries(requisites).map(([k, v]) => `<ЗначениеРеквизита><Наименование>${k}</Наименование><Значение>${v}</Значение></ЗначениеРеквизита>`).join('');
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.09" ДатаФормирования="2026-03-02T12:00:00"><Документ><Ид>${id}</Ид><НомерВерсии>${version}</НомерВерсии><ПометкаУдаления>false</ПометкаУдаления><Номер>${id}</Номер><Номер1С>ТДЦУ-0000${id}  </Номер1С><Дата>2026-03-02</Дата><ХозОперация>Заказ товара</ХозОперация><Роль>Продавец</Роль><Валюта>RUB</Валюта><Сумма>6734.47</Сумма><ЗначенияРеквизитов>${reqs}</ЗначенияРеквизитов></Документ></КоммерческаяИнформация>`,
  );
}

describe('scenario 1: a store order becomes a deal and its status flows both ways until won', () => {
  it('makes one deal with its contact, rows and responsible, sends it to 1C, and follows 1C to "won"', async () => {
    const { paidStage, won } = await setUp();
    const order = fs.readFileSync(path.join(FIXTURES, '03-orders-2.03-cp1251/from.xml'));

    // The store's order (windows-1251, Bitrix 2.03) arrives.
    expect(await sendOrders('orders.xml', order)).toEqual(['success', 'orders.xml imported: products added from orders: 1, new deals: 1.']);
    const deals = rows<{ id: number; title: string; amount_minor: number; responsible_id: number; contact_id: number; stage_id: number; comments: string | null }>('SELECT * FROM deals WHERE deleted_at IS NULL');
    expect(deals).toHaveLength(1);
    const deal = deals[0]!;
    expect(deal).toMatchObject({ title: 'Order 36', amount_minor: 673447, responsible_id: managerId, stage_id: stages[0]!.id });
    const contact = row<{ full_name: string; responsible_id: number }>('SELECT full_name, responsible_id FROM contacts WHERE id = ?', deal.contact_id);
    expect(contact).toEqual({ full_name: 'Иванов admin', responsible_id: managerId });
    const lines = rows<{ name: string; product_id: number | null; price_minor: number; quantity: number; total_minor: number }>("SELECT name, product_id, price_minor, quantity, total_minor FROM product_rows WHERE entity = 'deal' AND entity_id = ? ORDER BY sort", deal.id);
    expect(lines.map((l) => [l.name, l.product_id !== null, l.price_minor, l.quantity, l.total_minor])).toEqual([
      ['Доставка заказа', false, 34000, 1000, 34000],
      ['Телевизор &quot;JVC&quot;', true, 639447, 1000, 639447],
    ]);
    const tv = row<{ origin: string; external_id: string }>('SELECT origin, external_id FROM products WHERE id = ?', lines[1]!.product_id);
    expect(tv).toEqual({ origin: '1c', external_id: 'dee6e19a-55bc-11d9-848a-00112f43529a' });
    expect(row<{ from_order: number }>('SELECT from_order FROM product_exchange WHERE product_id = ?', lines[1]!.product_id).from_order).toBe(1);

    // The responsible manager is notified and sees it on the bell.
    const maria = new Client(server.url);
    await maria.signIn('maria@example.com', 'Maria-pass-123');
    const bell = await maria.get('/notifications');
    expect(bell.text).toContain('Order 36');

    // The same file again: still one deal, one contact.
    expect(await sendOrders('orders.xml', order)).toEqual(['success', 'orders.xml imported: deals updated: 1.']);
    expect(row<{ n: number }>('SELECT count(*) AS n FROM deals').n).toBe(1);
    expect(row<{ n: number }>('SELECT count(*) AS n FROM contacts').n).toBe(1);

    // 1C asks for orders: the deal goes out with its Ид, counterparty, rows with 1C ids and delivery.
    const first = await query();
    expect(first.xml).toMatch(/^<\?xml version="1.0" encoding="windows-1251"\?>/);
    expect(first.docs).toHaveLength(1);
    const doc = first.docs[0]!;
    expect(doc).toMatchObject({ id: '36', number: '36', sum: '6734.47', currency: 'руб', operation: 'Заказ товара' });
    expect(doc.counterparties[0]).toMatchObject({ name: 'Иванов admin', lastName: 'Иванов', firstName: 'admin', role: 'Покупатель' });
    expect(doc.lines!.map((l) => [l.id, l.name, l.price, l.quantity, l.sum, l.isService])).toEqual([
      ['ORDER_DELIVERY', 'Доставка заказа', '340.00', '1.000', '340.00', true],
      ['dee6e19a-55bc-11d9-848a-00112f43529a', 'Телевизор &quot;JVC&quot;', '6394.47', '1.000', '6394.47', false],
    ]);
    expect(doc.requisites['Статуса заказа ИД']).toBe(String(stages[0]!.id));
    expect(doc.status.paid).toBe(false);
    // Acknowledged: nothing changed since, nothing goes out.
    expect((await query()).docs).toHaveLength(0);

    // 1C reports it paid (a 2.09 document with its own number and version): the deal moves on.
    expect(await sendOrders('documents.xml', statusUpdate('36', 'AAAA1', { 'Дата оплаты по 1С': '2026-03-02T12:00:00', 'Номер оплаты по 1С': 'П-1' }))).toEqual([
      'success',
      'documents.xml imported: stages changed: 1, deals updated: 1.',
    ]);
    expect(row<{ stage_id: number }>('SELECT stage_id FROM deals WHERE id = ?', deal.id).stage_id).toBe(paidStage.id);
    // 1C's own change is not sent back to it; the same version again changes nothing.
    expect((await query()).docs).toHaveLength(0);
    expect(await sendOrders('documents.xml', statusUpdate('36', 'AAAA1', { 'Дата оплаты по 1С': '2026-03-02T12:00:00' }))).toEqual(['success', 'documents.xml imported: orders unchanged: 1.']);

    // The manager moves the deal in the CRM: the order goes to 1C again, with the new status; not acknowledged, it goes again.
    const next = stages.find((st) => st.semantics === 'open' && stages.indexOf(st) > stages.indexOf(paidStage))!;
    moveDeal(server.ctx, toCurrentUser(server.ctx.db, findUser(server.ctx.db, managerId)!), deal.id, next.id);
    const unacknowledged = await query({ acknowledge: false });
    expect(unacknowledged.docs.map((d) => [d.id, d.requisites['Статуса заказа ИД'], d.status.paid])).toEqual([['36', String(next.id), true]]);
    expect((await query()).docs.map((d) => d.id)).toEqual(['36']);

    // 1C posts the shipment (posted): the deal is won.
    await sendOrders('documents.xml', statusUpdate('36', 'AAAA2', { Проведен: 'true', 'Дата отгрузки по 1С': '2026-03-03T10:00:00' }));
    const end = row<{ stage_id: number; closed_at: number | null }>('SELECT stage_id, closed_at FROM deals WHERE id = ?', deal.id);
    expect(end.stage_id).toBe(won.id);
    expect(end.closed_at).not.toBeNull();
    const page = await admin.get(`/deals/${deal.id}`);
    expect(page.text).toContain(won.name);

    // A 1C that exchanges through a folder gets the changed orders as a file in to-1c/.
    const folder = fs.mkdtempSync(path.join(server.ctx.config.dataDir, 'folder-'));
    saveExchangeSettings(server.ctx.db, { folderPath: folder });
    moveDeal(server.ctx, toCurrentUser(server.ctx.db, findUser(server.ctx.db, managerId)!), deal.id, stages.find((st) => st.semantics === 'lost')!.id);
    expect((await processFolder(server.ctx, 0)).exported).toBe(1);
    const [file] = fs.readdirSync(path.join(folder, 'to-1c'));
    expect(file).toMatch(/^orders-\d{8}-\d{6}\.xml$/);
    expect(iconv.decode(fs.readFileSync(path.join(folder, 'to-1c', file!)), 'win1251')).toContain('<Ид>36</Ид>');
    expect((await processFolder(server.ctx, 0)).exported).toBe(0);
  });

  it('makes deals of orders made in 1C but never sends them back; a cancellation closes the deal as lost', async () => {
    const { lost } = await setUp();
    const docs = fs.readFileSync(path.join(FIXTURES, '07-2.09-documents-from-1c/documents-example.xml'));
    expect((await sendOrders('documents.xml', docs))[0]).toBe('success');
    const made = rows<{ id: number; title: string; company_id: number | null }>('SELECT id, title, company_id FROM deals ORDER BY id');
    expect(made.map((d) => d.title)).toEqual(['Order 142', 'Order 235']);
    const company = row<{ title: string; legal_name: string; bank_account: string | null }>('SELECT title, legal_name, bank_account FROM companies WHERE id = ?', made[0]!.company_id);
    expect(company).toMatchObject({ title: 'Kikinda (Сербия)', legal_name: 'Kikinda (Сербия)' });
    expect((await query()).docs).toHaveLength(0);

    await sendOrders('documents.xml', statusUpdate('142', 'ZZZ', { Отменен: 'true' }));
    expect(row<{ stage_id: number }>('SELECT stage_id FROM deals WHERE id = ?', made[0]!.id).stage_id).toBe(lost.id);
  });

  it("sends the deal's invoices after their order, once issued, and again when they change", async () => {
    await setUp();
    await sendOrders('orders.xml', fs.readFileSync(path.join(FIXTURES, '03-orders-2.03-cp1251/from.xml')));
    const dealId = row<{ id: number }>('SELECT id FROM deals').id;
    await query();
    const maria = toCurrentUser(server.ctx.db, findUser(server.ctx.db, managerId)!);
    const invoice = createFromDeal(server.ctx, maria, 'invoice', dealId);
    // A draft is not 1C's business yet.
    expect((await query()).docs).toHaveLength(0);

    setStatus(server.ctx, maria, 'invoice', invoice.id, 'sent');
    const issued = (await query()).docs;
    expect(issued.map((d) => [d.id, d.operation, d.number, d.sum])).toEqual([[`crm-invoice-${invoice.id}`, 'Счет на оплату', invoice.number, '6734.47']]);
    expect(issued[0]!.requisites).toMatchObject({ 'Ид заказа': '36', 'Статус счета': 'Выставлен', 'Счет оплачен': 'false', Оплачено: '0.00' });
    expect(issued[0]!.lines!.map((l) => [l.name, l.sum])).toEqual([
      ['Доставка заказа', '340.00'],
      ['Телевизор &quot;JVC&quot;', '6394.47'],
    ]);
    expect(issued[0]!.counterparties[0]).toMatchObject({ name: 'Иванов admin' });

    markPaid(server.ctx, maria, invoice.id);
    expect((await query()).docs.map((d) => [d.id, d.requisites['Счет оплачен'], d.requisites['Оплачено']])).toEqual([[`crm-invoice-${invoice.id}`, 'true', '6734.47']]);

    // The deal moves: its order goes again, followed by its invoice.
    const next = stages.find((st) => st.semantics === 'open' && st !== stages[0])!;
    moveDeal(server.ctx, maria, dealId, next.id);
    const both = await query();
    expect(both.docs.map((d) => [d.id, d.operation])).toEqual([['36', 'Заказ товара'], [`crm-invoice-${invoice.id}`, 'Счет на оплату']]);
    // An invoice that comes back from 1C is not an order: nothing new is made of it.
    const echoed = await sendOrders('documents.xml', Buffer.from(both.xml.replace('windows-1251', 'UTF-8')));
    expect(echoed[0]).toBe('success');
    expect(row<{ n: number }>('SELECT count(*) AS n FROM deals').n).toBe(1);
  });

  it('gives new orders in turn to the chosen users, skipping one who is absent today', async () => {
    await setUp();
    const ivan = (await addUser(server.ctx, { email: 'ivan@example.com', password: 'Ivan-pass-1234', fullName: 'Иван Менеджер' })).id;
    const olga = (await addUser(server.ctx, { email: 'olga@example.com', password: 'Olga-pass-1234', fullName: 'Ольга Менеджер' })).id;
    server.ctx.sqlite.prepare("UPDATE users SET absent_until = '2999-01-01' WHERE id = ?").run(olga);
    saveExchangeSettings(server.ctx.db, { rotationIds: [managerId, olga, ivan] });
    for (const id of ['501', '502', '503']) await sendOrders(`orders-${id}.xml`, statusUpdate(id, '1', {}));
    const owners = rows<{ responsible_id: number }>('SELECT d.responsible_id FROM deals d JOIN exchange_orders x ON x.deal_id = d.id ORDER BY x.exchange_id');
    expect(owners.map((o) => o.responsible_id)).toEqual([managerId, ivan, managerId]);
  });

  it('matches a known counterparty by e-mail instead of making a second contact', async () => {
    await setUp();
    const xml = (id: string, buyer: string) =>
      Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?><КоммерческаяИнформация ВерсияСхемы="2.05"><Документ><Ид>${id}</Ид><Номер>${id}</Номер><ХозОперация>Заказ товара</ХозОперация><Валюта>RUB</Валюта><Сумма>100</Сумма><Контрагенты><Контрагент><Ид>${buyer}</Ид><Наименование>Петров Пётр</Наименование><Роль>Покупатель</Роль><Контакты><Контакт><Тип>Почта</Тип><Значение>petr@example.com</Значение></Контакт></Контакты></Контрагент></Контрагенты><Товары><Товар><Ид>p-1</Ид><Наименование>Чайник</Наименование><ЦенаЗаЕдиницу>100</ЦенаЗаЕдиницу><Количество>1</Количество><Сумма>100</Сумма></Товар></Товары></Документ></КоммерческаяИнформация>`,
      );
    await sendOrders('a.xml', xml('501', 'buyer-a'));
    await sendOrders('b.xml', xml('502', 'buyer-b'));
    expect(row<{ n: number }>('SELECT count(*) AS n FROM contacts').n).toBe(1);
    expect(rows<{ contact_id: number }>('SELECT contact_id FROM deals').map((d) => d.contact_id)).toEqual([expect.any(Number), expect.any(Number)]);
    expect(new Set(rows<{ contact_id: number }>('SELECT contact_id FROM deals').map((d) => d.contact_id)).size).toBe(1);
    expect(row<{ n: number }>("SELECT count(*) AS n FROM products WHERE external_id = 'p-1'").n).toBe(1);
  });
});

describe('catalog from 1C', () => {
  async function exchange(dir: string, names?: string[]) {
    const client = new OneCClient(server.url, ADMIN.email, ADMIN.password);
    const files = (names ?? fs.readdirSync(path.join(FIXTURES, dir))).map((name) => ({ name, data: fs.readFileSync(path.join(FIXTURES, dir, name)) }));
    return client.exchangeCatalog(files, { zip: false });
  }

  it('merges split packages by Ид without blanking, honours full and incremental unloads, and deletions', async () => {
    saveExchangeSettings(server.ctx.db, { sliceMs: 0 });
    await exchange('04-ut11-2.07', ['import.xml', 'offers.xml']);
    const product = (externalId: string) => row<{ id: number; name: string; price_minor: number; active: number; deleted_at: number | null } | undefined>('SELECT * FROM products WHERE external_id = ?', externalId);
    expect(product('bd72d910-55bc-11d9-848a-00112f43529a')!.active).toBe(1);

    // 06 is incremental, in four files: names, then prices, then stock; each keeps what the others said.
    // It comes from another 1C base with other price types: its own becomes the catalog price.
    saveExchangeSettings(server.ctx.db, { priceTypeId: null });
    await exchange('06-2.09-split-files-incremental', [
      'import___b815e2db-7a65-4265-9241-5f0c4f0565a7.xml',
      'offers___7f304edc-2527-4d3d-b058-6e4ee53de2e0.xml',
      'offers___f0bab95c-14a6-4141-9746-6650b65f1191.xml',
      'prices___d66a6b51-ce9c-4e7a-8c7c-25079721107f.xml',
      'rests___1af6e7b8-a026-4690-9752-1c9d64cb914d.xml',
    ]);
    const deodorant = product('26b0dc1e-4d66-11e4-99fe-003048c64779')!;
    expect(deodorant).toMatchObject({ name: 'Дезодорант для мужчин Чистая линия Фито защита без белых следов 150мл', price_minor: 18100, active: 1 });
    expect(row<{ stock: number }>('SELECT stock FROM product_exchange WHERE product_id = ?', deodorant.id).stock).toBe(1000);
    expect(row<{ n: number }>('SELECT count(*) AS n FROM catalog_sections WHERE origin = ?', '1c').n).toBe(22 + 97);
    // Incremental: 04's products are still on.
    expect(product('bd72d910-55bc-11d9-848a-00112f43529a')!.active).toBe(1);

    // 05 is a full unload: what it does not name is switched off; its deleted product is not made.
    await exchange('05-2.07-packet-0_1', ['import0_1.xml', 'offers0_1.xml']);
    expect(product('bd72d910-55bc-11d9-848a-00112f43529a')!.active).toBe(0);
    expect(product('b631c9c1-49de-11e9-80c9-0cc47ab29cd1')!.deleted_at).not.toBeNull();
    expect(row<{ n: number }>("SELECT count(*) AS n FROM products WHERE origin = '1c' AND active = 1 AND deleted_at IS NULL AND id IN (SELECT product_id FROM product_exchange WHERE parent_id IS NULL)").n).toBeGreaterThanOrEqual(35);
  });

  it('shows a product from 1C with its prices by type and stock per warehouse, and the stock in the deal product picker', async () => {
    const client = new OneCClient(server.url, ADMIN.email, ADMIN.password);
    saveExchangeSettings(server.ctx.db, { sliceMs: 0 });
    const files = ['import.xml', 'offers.xml'].map((name) => ({ name, data: fs.readFileSync(path.join(FIXTURES, '04-ut11-2.07', name)) }));
    await client.exchangeCatalog(files, { zip: true });
    const boots = row<{ id: number; name: string; sku: string; unit_code: string; section_id: number; origin: string }>("SELECT * FROM products WHERE external_id = 'bd72d910-55bc-11d9-848a-00112f43529a'");
    expect(boots).toMatchObject({ name: 'Женские ботфорты коричневые', sku: 'Б-130001', unit_code: '715', origin: '1c' });
    const section = row<{ name: string; origin: string }>('SELECT name, origin FROM catalog_sections WHERE id = ?', boots.section_id);
    expect(section.origin).toBe('1c');
    const variants = rows<{ id: number; name: string; price_minor: number }>('SELECT p.id, p.name, p.price_minor FROM products p JOIN product_exchange x ON x.product_id = p.id WHERE x.parent_id = ?', boots.id);
    expect(variants.length).toBeGreaterThan(0);
    const variant = variants[0]!;
    expect(variant.price_minor).toBeGreaterThan(0);
    const page = await admin.get(`/products/${variant.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('From 1C');
    expect(page.text).toContain('Prices by price type');
    expect(page.text).toContain('Розничная');
    expect(page.text).toContain('Stock by warehouse');
    expect(page.text).toContain('Магазин &#34;Обувь&#34;');
    const picked = await admin.get(`/products/pick?q=${encodeURIComponent('Женские')}`);
    expect(picked.text).toMatch(/in stock: \d+/);
  });
});
