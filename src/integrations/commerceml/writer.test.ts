import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readCommerceML } from './reader.js';
import type { CmlDocument } from './document-records.js';
import { writeOrders, type OrderOut } from './writer.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/commerceml');

const order: OrderOut = {
  id: 'prosto-deal-17',
  number: '17',
  date: '2026-03-02',
  time: '09:05:00',
  currency: 'RUB',
  sum: '12500.50',
  comment: 'Позвонить до 18:00 — «срочно» & <важно>; 中',
  counterparty: {
    id: 'prosto-company-4',
    name: 'ООО "Вектор"',
    company: { officialName: 'Общество с ограниченной ответственностью "Вектор"', inn: '7701234567', kpp: '770101001' },
    address: 'Москва, ул. Тверская, 1',
    contacts: [
      { type: 'Почта', value: 'info@vector.ru' },
      { type: 'Телефон рабочий', value: '+7 495 123-45-67' },
    ],
    representative: { id: 'prosto-contact-9', name: 'Петров Пётр' },
  },
  lines: [
    { id: 'bd72d910-55bc-11d9-848a-00112f43529a#b02e', catalogId: '07cfe53d-5145-4c4e-a81c-899be39cc5bd', name: 'Ботинки', sku: 'Б-1', unit: { code: '796', name: 'шт', fullName: 'Штука', international: 'PCE' }, price: '6000.25', quantity: '2', sum: '12000.50', vat: { rate: '20', sum: '2000.08', included: true }, service: false },
    { id: 'ORDER_DELIVERY', name: 'Доставка заказа', unit: { code: '796', name: 'шт' }, price: '500.00', quantity: '1', sum: '500.00', service: true },
  ],
  requisites: [
    { name: 'Заказ оплачен', value: 'false' },
    { name: 'Статуса заказа ИД', value: 'N' },
  ],
};

async function parse(bytes: Buffer): Promise<CmlDocument[]> {
  const docs: CmlDocument[] = [];
  for await (const batch of readCommerceML(Readable.from([bytes]))) for (const i of batch) if (i.kind === 'document') docs.push(i.value);
  return docs;
}

/** Every element path of a file's first Документ, e.g. "Документ/Товары/Товар/Ид". */
function paths(xml: string): Set<string> {
  const out = new Set<string>();
  const stack: string[] = [];
  let docs = 0;
  const p = new SaxesParser();
  p.on('opentag', (t) => {
    stack.push(t.name);
    if (t.name === 'Документ') docs++;
    if (docs === 1 && stack.includes('Документ')) out.add(stack.slice(stack.indexOf('Документ')).join('/'));
  });
  p.on('closetag', () => stack.pop());
  p.write(xml).close();
  return out;
}

describe('CommerceML order writer', () => {
  it('writes UTF-8 that reads back as the same order', async () => {
    const bytes = writeOrders([order], { encoding: 'utf-8', generatedAt: '2026-03-02T10:00:00' });
    expect(bytes.subarray(0, 38).toString()).toBe('<?xml version="1.0" encoding="UTF-8"?>');
    const [doc] = await parse(bytes);
    expect(doc).toMatchObject({ id: 'prosto-deal-17', number: '17', date: '2026-03-02', time: '09:05:00', currency: 'руб', sum: '12500.50', operation: 'Заказ товара', role: 'Продавец', comment: order.comment });
    expect(doc!.counterparties[0]).toMatchObject({ id: 'prosto-company-4', name: 'ООО "Вектор"', officialName: order.counterparty.company!.officialName, inn: '7701234567', kpp: '770101001', role: 'Покупатель' });
    expect(doc!.counterparties[0]!.contacts).toEqual(order.counterparty.contacts);
    expect(doc!.counterparties[0]!.representatives).toEqual([{ relation: 'Контактное лицо', id: 'prosto-contact-9', name: 'Петров Пётр' }]);
    expect(doc!.lines!.map((l) => [l.id, l.name, l.price, l.quantity, l.sum, l.isService, l.isDelivery])).toEqual([
      ['bd72d910-55bc-11d9-848a-00112f43529a#b02e', 'Ботинки', '6000.25', '2', '12000.50', false, false],
      ['ORDER_DELIVERY', 'Доставка заказа', '500.00', '1', '500.00', true, true],
    ]);
    expect(doc!.lines![0]!.unit).toEqual({ code: '796', name: 'шт', fullName: 'Штука' });
    expect(doc!.lines![0]!.taxRates).toEqual([{ name: 'НДС', rate: '20' }]);
    expect(doc!.requisites).toEqual({ 'Заказ оплачен': 'false', 'Статуса заказа ИД': 'N' });
  });

  it('writes windows-1251 (characters it lacks as references) that reads back the same', async () => {
    const bytes = writeOrders([order], { encoding: 'windows-1251', generatedAt: '2026-03-02T10:00:00' });
    expect(bytes.subarray(0, 45).toString('latin1')).toBe('<?xml version="1.0" encoding="windows-1251"?>');
    expect(bytes.includes(Buffer.from('&#20013;'))).toBe(true);
    expect(iconv.decode(bytes, 'win1251')).toContain('Петров Пётр');
    const [doc] = await parse(bytes);
    expect(doc!.comment).toBe(order.comment);
    expect(doc!.counterparties[0]!.name).toBe('ООО "Вектор"');
  });

  it('has every element of the real Bitrix answer that 1C reads, and an empty answer is the bare root', async () => {
    const bitrix = iconv.decode(fs.readFileSync(path.join(FIXTURES, '02-bitrix-sale-query-2.05-cp1251/bitrix-query-response-full.xml')), 'win1251');
    const ours = writeOrders([{ ...order, counterparty: { ...order.counterparty, company: undefined, representative: undefined, contacts: [] } }], { encoding: 'utf-8', generatedAt: '2026-03-02T10:00:00' }).toString();
    const missing = [...paths(bitrix)].filter((p) => !paths(ours).has(p));
    expect(missing).toEqual([]);

    const empty = writeOrders([], { encoding: 'windows-1251', generatedAt: '2026-03-02T10:00:00' });
    expect(await parse(empty)).toEqual([]);
    expect(iconv.decode(empty, 'win1251')).toMatch(/<КоммерческаяИнформация ВерсияСхемы="2.05" ДатаФормирования="2026-03-02T10:00:00" ФорматДаты="ДФ=yyyy-MM-dd; ДЛФ=DT"/);
  });
});
