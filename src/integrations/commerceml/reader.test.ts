import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { checkCommerceMLFile, readCommerceML, readCommerceMLFile, type CmlItem } from './reader.js';
import { CmlFormatError } from './xml.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/commerceml');

type Kind = CmlItem['kind'];
type Of<K extends Kind> = Extract<CmlItem, { kind: K }>;

async function readAll(input: AsyncIterable<Buffer | string>): Promise<CmlItem[]> {
  const out: CmlItem[] = [];
  for await (const batch of readCommerceML(input)) out.push(...batch);
  return out;
}

async function read(file: string): Promise<CmlItem[]> {
  const out: CmlItem[] = [];
  for await (const batch of readCommerceMLFile(path.join(FIXTURES, file))) out.push(...batch);
  return out;
}

function all<K extends Kind>(items: CmlItem[], kind: K): Of<K>[] {
  return items.filter((i): i is Of<K> => i.kind === kind);
}

type Valued = Extract<CmlItem, { value: unknown }>;
type Values = { [I in Valued as I['kind']]: I['value'] };

function values<K extends keyof Values>(items: CmlItem[], kind: K): Values[K][] {
  return items.flatMap((i) => (i.kind === kind ? [(i as Valued).value as Values[K]] : []));
}

/** Occurrences of an opening tag in the file's text, decoded as the file declares: the oracle for counts. */
function tagCount(file: string, tag: string): number {
  const bytes = fs.readFileSync(path.join(FIXTURES, file));
  const textOf = /encoding="windows-1251"/.test(bytes.subarray(0, 100).toString('latin1')) ? iconv.decode(bytes, 'win1251') : bytes.toString('utf8');
  return textOf.match(new RegExp(`<${tag}[\\s>]`, 'g'))?.length ?? 0;
}

describe('CommerceML reader over the fixture files', () => {
  it('reads every fixture file without an error', async () => {
    for (const dir of fs.readdirSync(FIXTURES).filter((d) => /^\d\d-/.test(d))) {
      for (const file of fs.readdirSync(path.join(FIXTURES, dir))) {
        const items = await read(`${dir}/${file}`);
        expect(items[0]!.kind, `${dir}/${file}`).toBe('root');
      }
    }
  });

  it('checks every fixture file to the same counts as reading it, without converting records', async () => {
    for (const dir of fs.readdirSync(FIXTURES).filter((d) => /^\d\d-/.test(d))) {
      for (const file of fs.readdirSync(path.join(FIXTURES, dir))) {
        const counted: Record<string, number> = {};
        for (const item of await read(`${dir}/${file}`)) if ('value' in item) counted[item.kind] = (counted[item.kind] ?? 0) + 1;
        let checked: Record<string, number> = {};
        for await (const counts of checkCommerceMLFile(path.join(FIXTURES, dir, file))) checked = { ...counts };
        expect(checked, `${dir}/${file}`).toEqual(counted);
      }
    }
  });

  it('04 UT 11: nested groups, properties, products with a Пересчет unit; offers with per-warehouse stock', async () => {
    const items = await read('04-ut11-2.07/import.xml');
    expect(items[0]).toEqual({ kind: 'root', schemaVersion: '2.07', generatedAt: '2017-07-13T14:45:41' });
    expect(all(items, 'section').map((s) => [s.section, s.onlyChanges])).toEqual([
      ['classifier', undefined],
      ['catalog', false],
    ]);
    const groups = values(items, 'group');
    expect(groups).toHaveLength(tagCount('04-ut11-2.07/import.xml', 'Группа'));
    const appliances = groups.filter((g) => g.parentId === '453d6e1a-7233-11e0-8636-0011951d229d').map((g) => g.name);
    expect(appliances).toEqual(['Бытовая техника с учетом серий, гарантия 12 мес.', 'Бытовая техника с учетом серий, гарантия 24 мес.']);
    expect(values(items, 'property')).toHaveLength(tagCount('04-ut11-2.07/import.xml', 'Свойство'));
    const [boots] = values(items, 'product');
    expect(boots).toMatchObject({
      id: 'bd72d910-55bc-11d9-848a-00112f43529a',
      barcode: '2000018987155',
      sku: 'Б-130001',
      name: 'Женские ботфорты коричневые',
      unit: { code: '715', fullName: 'Пара (2 шт.)' },
      groupIds: ['e5a4c309-a659-11dd-acee-0015e9b8c48d'],
      deleted: false,
      isService: false,
    });
    expect(boots!.properties[0]).toEqual({ id: 'bb14a4b8-6b17-11e0-9819-e0cb4ed5eed4', values: ['444bbea3-6b18-11e0-9819-e0cb4ed5eed4'] });
    expect(boots!.requisites).toContainEqual({ name: 'ВидНоменклатуры', value: 'Обувь' });

    const offers = await read('04-ut11-2.07/offers.xml');
    expect(values(offers, 'priceType')).toEqual([{ id: 'bb14a3a4-6b17-11e0-9819-e0cb4ed5eed4', name: 'Розничная', currency: 'RUB', taxIncluded: true }]);
    expect(values(offers, 'warehouse').map((w) => w.name)).toContain('Магазин "Обувь"');
    const list = values(offers, 'offer');
    expect(list).toHaveLength(tagCount('04-ut11-2.07/offers.xml', 'Предложение'));
    for (const offer of list) {
      expect(offer.characteristicId).not.toBeNull();
      expect(`${offer.productId}#${offer.characteristicId}`).toBe(offer.id);
      expect(offer.prices?.[0]?.priceTypeId).toBe('bb14a3a4-6b17-11e0-9819-e0cb4ed5eed4');
      const total = (offer.stock ?? []).reduce((sum, s) => sum + Number(s.quantity), 0);
      expect(total).toBe(Number(offer.quantity));
    }
    expect(all(offers, 'sectionEnd').find((s) => s.section === 'offers')).toMatchObject({ id: '07cfe53d-5145-4c4e-a81c-899be39cc5bd#', catalogId: '07cfe53d-5145-4c4e-a81c-899be39cc5bd' });
  });

  it('05 packet 0_1: a deleted product, trimmed unit codes, Справочник options, barcodes; offers with attribute stock', async () => {
    const items = await read('05-2.07-packet-0_1/import0_1.xml');
    const products = values(items, 'product');
    expect(products).toHaveLength(36);
    expect(products.filter((p) => p.barcode)).toHaveLength(tagCount('05-2.07-packet-0_1/import0_1.xml', 'Штрихкод'));
    const deleted = products.filter((p) => p.deleted);
    expect(deleted.map((p) => [p.id, p.sku])).toEqual([['b631c9c1-49de-11e9-80c9-0cc47ab29cd1', 'KM-245-BC']]);
    expect(new Set(products.map((p) => p.unit?.code))).toEqual(new Set(['796']));
    const country = values(items, 'property').find((p) => p.name === 'Страна производства')!;
    expect(country.valueType).toBe('Справочник');
    expect(country.options).toContainEqual({ id: 'af848a7e-18fa-11e7-80c2-0cc47ab29cd1', value: 'КОРЕЯ, РЕСПУБЛИКА' });

    const big = await read('05-2.07-packet-0_1/import0_1_with_nested_groups.xml');
    expect(values(big, 'product')).toHaveLength(283);
    expect(values(big, 'group')).toHaveLength(13);
    expect(values(big, 'product').reduce((n, p) => n + p.properties.length, 0)).toBe(tagCount('05-2.07-packet-0_1/import0_1_with_nested_groups.xml', 'ЗначенияСвойства'));

    const offers = await read('05-2.07-packet-0_1/offers0_1.xml');
    const list = values(offers, 'offer');
    expect(list).toHaveLength(44);
    expect(list.reduce((n, o) => n + (o.stock?.length ?? 0), 0) + values(offers, 'warehouse').length).toBe(tagCount('05-2.07-packet-0_1/offers0_1.xml', 'Склад'));
    expect(list[0]).toMatchObject({
      id: 'bd8c4e15-18f9-11e7-80c2-0cc47ab29cd1',
      characteristicId: null,
      sku: 'PM-421-WP',
      quantity: '377',
      prices: [{ priceTypeId: '279b6812-740b-11e8-80c8-0cc47ab29cd1', amount: '100', currency: 'RUB', unit: 'PCE', ratio: '1' }],
      stock: [
        { warehouseId: '6abdb0b5-18fd-11e7-80c2-0cc47ab29cd1', quantity: '1' },
        { warehouseId: 'd2a52d49-19c9-11e7-80c2-0cc47ab29cd1', quantity: '0' },
        { warehouseId: 'dd306af1-19c9-11e7-80c2-0cc47ab29cd1', quantity: '376' },
      ],
    });
  });

  it('06 split packages: classifier only, offers with names only, prices only, rests only — each leaves the others undefined', async () => {
    const dir = '06-2.09-split-files-incremental';
    const classifier = await read(`${dir}/import___b815e2db-7a65-4265-9241-5f0c4f0565a7.xml`);
    expect(all(classifier, 'section').map((s) => [s.section, s.onlyChanges])).toEqual([
      ['classifier', true],
      ['catalog', true],
    ]);
    const groups = values(classifier, 'group');
    expect(groups).toHaveLength(97);
    const byId = new Map(groups.map((g) => [g.id, g]));
    const depth = (id: string | null): number => (id === null ? 0 : 1 + depth(byId.get(id)!.parentId));
    expect(Math.max(...groups.map((g) => depth(g.id)))).toBe(4);
    expect(values(classifier, 'property')).toHaveLength(1908);
    expect(values(classifier, 'product')).toHaveLength(0);

    const names = values(await read(`${dir}/offers___7f304edc-2527-4d3d-b058-6e4ee53de2e0.xml`), 'offer');
    expect(names).toHaveLength(978);
    expect(names[0]).toEqual({
      id: '26b0dc1e-4d66-11e4-99fe-003048c64779',
      productId: '26b0dc1e-4d66-11e4-99fe-003048c64779',
      characteristicId: null,
      version: 'AAAAAADjIlA=',
      deleted: false,
      name: 'Дезодорант для мужчин Чистая линия Фито защита без белых следов 150мл',
    });
    const reversed = await read(`${dir}/offers___f0bab95c-14a6-4141-9746-6650b65f1191.xml`);
    expect(all(reversed, 'section').map((s) => s.section)).toEqual(['offers', 'classifier']);
    expect(values(reversed, 'property')).toHaveLength(1908);

    const prices = values(await read(`${dir}/prices___d66a6b51-ce9c-4e7a-8c7c-25079721107f.xml`), 'offer');
    expect(prices).toHaveLength(978);
    expect(prices[0]).toEqual({
      id: '26b0dc1e-4d66-11e4-99fe-003048c64779',
      productId: '26b0dc1e-4d66-11e4-99fe-003048c64779',
      characteristicId: null,
      prices: [{ priceTypeId: '4d968229-47ba-11e4-a628-003048c64779', amount: '181', currency: 'RUB', unit: undefined, ratio: undefined }],
    });
    const rests = values(await read(`${dir}/rests___1af6e7b8-a026-4690-9752-1c9d64cb914d.xml`), 'offer');
    expect(rests).toHaveLength(978);
    expect(rests[0]!.stock).toEqual([{ warehouseId: '5d1caeb1-44b2-11e4-a628-003048c64779', quantity: '1' }]);
    expect(rests[0]!.prices).toBeUndefined();
    expect(rests[0]!.name).toBeUndefined();
  });

  it('07 documents from 1C: Номер1С, versions, statuses, lines with Цена, counterparties with bank accounts', async () => {
    const docs = values(await read('07-2.09-documents-from-1c/documents-example.xml'), 'document');
    expect(docs).toHaveLength(2);
    const [first] = docs;
    expect(first).toMatchObject({
      id: '142',
      version: 'AAAAEAAAAAA=',
      number: '142',
      number1c: 'ТДЦУ-000001',
      date: '2015-06-29',
      time: '15:39:10',
      operation: 'Заказ товара',
      currency: 'RUB',
      sum: '8186.84',
      comment: '[Номер документа на сайте: 142]',
      status: { deleted: false, cancelled: false, paid: true, shipped: true, posted: true, statusId: 'P' },
    });
    const buyer = first!.counterparties[0]!;
    expect(buyer).toMatchObject({ id: '4a65ecb6-8b1b-11df-be16-e0cb4ed5f70f', name: 'Kikinda (Сербия)', role: 'Покупатель' });
    expect(buyer.bankAccounts).toEqual([
      { account: '89000', bank: 'ИНГ БАНК (ЕВРАЗИЯ) АО', bik: '044525222', correspondent: '30101810500000000222' },
      { account: '5678999', bank: '"МИЛЛЕНИУМ БАНК" (ЗАО)', bik: '044579555', correspondent: '30101810500000000555' },
    ]);
    expect(buyer.representatives).toEqual([{ relation: 'Контактное лицо', id: '5018186c-ddb3-11df-aeb7-0015e9b8c48d', name: 'Смирнов Олег Иванович' }]);
    expect(first!.lines!.length).toBeGreaterThan(0);
    expect(first!.lines![0]).toMatchObject({ id: 'cbcf493f-55bc-11d9-848a-00112f43529a', price: '3338', quantity: '1', sum: '3338', unit: { code: '796', name: 'шт', fullName: 'Штука' }, isService: false });
    const lineCount = docs.reduce((n, d) => n + d.lines!.length, 0);
    expect(lineCount).toBe(tagCount('07-2.09-documents-from-1c/documents-example.xml', 'Товар'));

    const parties = values(await read('07-2.09-documents-from-1c/contractors-example.xml'), 'counterparty');
    expect(parties).toHaveLength(tagCount('07-2.09-documents-from-1c/contractors-example.xml', 'Контрагент'));
    const uyut = parties.find((p) => p.inn === '181620360057')!;
    expect(uyut.officialName).toBe('ТОО "ТД Уют"');
    expect(uyut.contacts).toContainEqual({ type: 'Электронная почта', value: 'Uyt@komp.kz' });
    expect(uyut.address).toBe('005897, Города Республиканского значения: Алматы, Тохтарова, дом № 18');
  });

  it('02 and 03 windows-1251 orders: decoded text, delivery line, Bitrix requisites and ids with #', async () => {
    const bitrix = values(await read('02-bitrix-sale-query-2.05-cp1251/bitrix-query-response-full.xml'), 'document');
    expect(bitrix.map((d) => d.id)).toEqual(['132', '133']);
    expect(bitrix[0]).toMatchObject({ sum: '231.7400', currency: 'руб', counterparties: [{ id: '38#catalog_exchange#', role: 'Покупатель' }] });
    expect(bitrix[0]!.requisites['Комментарии покупателя']).toBe('Я повелитель порошочков');
    expect(bitrix[0]!.status).toMatchObject({ paid: false, cancelled: false, statusId: 'N', statusName: '[N] Принят, ожидается оплата' });
    expect(bitrix[0]!.lines![0]).toMatchObject({ price: '231.7400', quantity: '1.0000', sum: '231.74', catalogId: '42475bb5-958f-40dc-a99f-9ad996a27af1' });
    expect(bitrix[1]!.counterparties[0]!.id).toBe('5#content-manager# Контент менджер');

    const [order] = values(await read('03-orders-2.03-cp1251/from.xml'), 'document');
    expect(order!.lines![0]).toMatchObject({ id: 'ORDER_DELIVERY', name: 'Доставка заказа', price: '340.00', isDelivery: true, isService: true });
    expect(order!.lines![1]).toMatchObject({ isDelivery: false, price: '6394.47', quantity: '1.00' });
    expect(order!.counterparties[0]).toMatchObject({ id: '1#admin# admin', lastName: 'Иванов', firstName: 'admin', address: 'ггг' });
    expect(order!.counterparties[0]!.addressFields).toContainEqual({ type: 'Почтовый индекс', value: '1111' });
    expect(order!.counterparties[0]!.representatives[0]).toMatchObject({ relation: 'Контактное лицо', name: 'admin' });
  });

  it('08 and 14 CML 3.1: bare unit codes, pictures, remainders structure, classifier units and warehouses', async () => {
    const [product] = values(await read('08-cml3.1-argent/products-example.xml'), 'product');
    expect(product).toMatchObject({ id: 'ac0184b3-7821-11e6-80ca-a72a8c906e0a', name: 'Гироскутер 10"', unit: { code: '796' }, taxRates: [{ name: 'НДС', rate: '18' }], sku: undefined, barcode: undefined });
    expect(product!.pictures).toHaveLength(5);
    expect(product!.pictures[0]).toBe('import_files/ac/ac0184b3-7821-11e6-80ca-a72a8c906e0a_eda38572-b3ce-11e7-80ed-bfaadcf435ce.jpg');
    const rests = values(await read('08-cml3.1-argent/remainders-example.xml'), 'offer');
    expect(rests).toHaveLength(2);
    expect(rests[0]!.stock!.map((s) => s.quantity)).toEqual(['0', '0', '0', '0', '4', '3', '6']);
    const prices = values(await read('08-cml3.1-argent/prices-example.xml'), 'offer');
    expect(prices.map((o) => o.prices![0]!.amount)).toEqual(['790', '790', '600']);
    expect(values(await read('08-cml3.1-argent/group-example.xml'), 'group')).toHaveLength(12);

    const classifier = await read('14-cml3.1-stee1cat/import___29d3f7f0-36dd-4eea-a06c-4c325bed4285.xml');
    expect(values(classifier, 'group')).toHaveLength(25);
    expect(values(classifier, 'warehouse')).toHaveLength(13);
    expect(values(classifier, 'unit').length).toBeGreaterThan(0);
  });
});

describe('CommerceML reader input handling', () => {
  const doc = '<?xml version="1.0" encoding="windows-1251"?><КоммерческаяИнформация ВерсияСхемы="2.05"><Каталог><Товары><Товар><Ид>1</Ид><Наименование>Чайник «Ёж»</Наименование></Товар></Товары></Каталог></КоммерческаяИнформация>';

  it('decodes windows-1251 split anywhere, UTF-8 with a BOM split inside a character, and a namespace prefix', async () => {
    const cp = iconv.encode(doc, 'win1251');
    const oneByte = Array.from(cp, (b) => Buffer.from([b]));
    expect(values(await readAll(Readable.from(oneByte)), 'product')[0]!.name).toBe('Чайник «Ёж»');

    const utf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc.replace('windows-1251', 'UTF-8'), 'utf8')]);
    const halves = [utf.subarray(0, 401), utf.subarray(401)];
    expect(values(await readAll(Readable.from(halves)), 'product')[0]!.name).toBe('Чайник «Ёж»');

    const prefixed = '<c:КоммерческаяИнформация xmlns:c="urn:1C.ru:commerceml_2"><c:Каталог c:СодержитТолькоИзменения="true"><c:Товары><c:Товар><c:Ид>7</c:Ид><c:Наименование>X</c:Наименование></c:Товар></c:Товары></c:Каталог></c:КоммерческаяИнформация>';
    const items = await readAll(Readable.from([Buffer.from(prefixed)]));
    expect(all(items, 'section')[0]).toEqual({ kind: 'section', section: 'catalog', onlyChanges: true });
    expect(values(items, 'product')[0]!.id).toBe('7');
  });

  it('refuses a record larger than the limit instead of buffering it', async () => {
    const { readXml } = await import('./xml.js');
    const huge = `<R><A><B>${'x'.repeat(5000)}</B></A></R>`;
    const read = async () => {
      for await (const _ of readXml(Readable.from([Buffer.from(huge)]), new Map([['A', 'record']]), new Set(), 'R', (e) => [e], 1000)) void _;
    };
    await expect(read()).rejects.toThrow(/larger than/);
  });

  it('refuses malformed XML with its line, a foreign root, an empty file and a product without an id', async () => {
    const broken = '<КоммерческаяИнформация>\n<Каталог><Товары>\n<Товар><Ид>1</Ид></Товары></КоммерческаяИнформация>';
    await expect(readAll(Readable.from([Buffer.from(broken)]))).rejects.toMatchObject({ line: 3 });
    await expect(readAll(Readable.from([Buffer.from('<html><body/></html>')]))).rejects.toThrow(/root element is <html>/);
    await expect(readAll(Readable.from([]))).rejects.toThrow(CmlFormatError);
    await expect(readAll(Readable.from([Buffer.from('<КоммерческаяИнформация><Каталог><Товары><Товар><Наименование>x</Наименование></Товар></Товары></Каталог></КоммерческаяИнформация>')]))).rejects.toThrow(
      /<Товар> without <Ид>/,
    );
  });
});
