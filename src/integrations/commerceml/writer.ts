import iconv from 'iconv-lite';

/**
 * Orders for 1C as CommerceML, in the shape a 1C-Bitrix site answers `type=sale&mode=query` with
 * (test/fixtures/commerceml/02-…/bitrix-query-response-full.xml): schema 2.05, the root's format
 * attributes, one `Документ` per order with its counterparty, product rows, the delivery as an
 * ORDER_DELIVERY service row, and the order's requisites. Amounts and quantities are decimal strings
 * made by the caller from minor units and thousandths, never floats.
 */
export interface OrderOut {
  /** Stable across exchanges: 1C matches the order by it. */
  id: string;
  /** 1C's kind of document: an order (the default) or an invoice for one ("Счет на оплату"). */
  operation?: 'Заказ товара' | 'Счет на оплату';
  number: string;
  /** YYYY-MM-DD and HH:MM:SS in the company's time zone. */
  date: string;
  time: string;
  currency: string;
  sum: string;
  comment?: string;
  counterparty: CounterpartyOut;
  lines: LineOut[];
  requisites: { name: string; value: string }[];
}

export interface CounterpartyOut {
  id: string;
  name: string;
  fullName?: string;
  /** A person: Фамилия/Имя/Отчество; a company: ОфициальноеНаименование with ИНН/КПП. */
  person?: { lastName?: string; firstName?: string; middleName?: string };
  company?: { officialName: string; inn?: string; kpp?: string };
  address?: string;
  contacts: { type: string; value: string }[];
  /** The contact person of a company buyer. */
  representative?: { id: string; name: string };
}

export interface LineOut {
  /** The product's 1C id when known (`product` or `product#characteristic`), else ours. */
  id: string;
  catalogId?: string;
  name: string;
  sku?: string;
  unit: { code: string; name: string; fullName?: string; international?: string };
  price: string;
  quantity: string;
  sum: string;
  discount?: string;
  vat?: { rate: string; sum: string; included: boolean };
  service: boolean;
}

export type OutEncoding = 'windows-1251' | 'utf-8';

/** The characters windows-1251 has: anything else is written as a character reference. */
const cp1251 = new Set(iconv.decode(Buffer.from(Array.from({ length: 256 }, (_, i) => i)), 'win1251'));

function escape(value: string, encoding: OutEncoding): string {
  const escaped = value.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  if (encoding === 'utf-8') return escaped;
  let out = '';
  for (const ch of escaped) out += cp1251.has(ch) ? ch : `&#${ch.codePointAt(0)};`;
  return out;
}

class Xml {
  private parts: string[] = [];
  private depth = 0;
  constructor(private readonly encoding: OutEncoding) {}

  open(name: string, attrs: Record<string, string> = {}): this {
    const a = Object.entries(attrs).map(([k, v]) => ` ${k}="${escape(v, this.encoding)}"`).join('');
    this.parts.push(`${'  '.repeat(this.depth)}<${name}${a}>\n`);
    this.depth++;
    return this;
  }

  close(name: string): this {
    this.depth--;
    this.parts.push(`${'  '.repeat(this.depth)}</${name}>\n`);
    return this;
  }

  leaf(name: string, value: string | undefined, attrs: Record<string, string> = {}): this {
    if (value === undefined) return this;
    const a = Object.entries(attrs).map(([k, v]) => ` ${k}="${escape(v, this.encoding)}"`).join('');
    this.parts.push(`${'  '.repeat(this.depth)}<${name}${a}>${escape(value, this.encoding)}</${name}>\n`);
    return this;
  }

  requisites(list: { name: string; value: string }[]): this {
    if (!list.length) return this;
    this.open('ЗначенияРеквизитов');
    for (const r of list) this.open('ЗначениеРеквизита').leaf('Наименование', r.name).leaf('Значение', r.value).close('ЗначениеРеквизита');
    return this.close('ЗначенияРеквизитов');
  }

  toString(): string {
    return this.parts.join('');
  }
}

/** Bitrix writes the rouble as "руб", which every 1C configuration maps; other currencies keep their code. */
function currencyName(code: string): string {
  return code === 'RUB' ? 'руб' : code;
}

function counterparty(x: Xml, c: CounterpartyOut): void {
  x.open('Контрагенты').open('Контрагент');
  x.leaf('Ид', c.id).leaf('Наименование', c.name).leaf('ПолноеНаименование', c.fullName ?? c.name);
  if (c.person) x.leaf('Фамилия', c.person.lastName).leaf('Имя', c.person.firstName).leaf('Отчество', c.person.middleName);
  if (c.company) x.leaf('ОфициальноеНаименование', c.company.officialName).leaf('ИНН', c.company.inn).leaf('КПП', c.company.kpp);
  x.open('АдресРегистрации').leaf('Представление', c.address ?? '').close('АдресРегистрации');
  if (c.contacts.length) {
    x.open('Контакты');
    for (const k of c.contacts) x.open('Контакт').leaf('Тип', k.type).leaf('Значение', k.value).close('Контакт');
    x.close('Контакты');
  }
  if (c.representative) {
    x.open('Представители').open('Представитель').open('Контрагент');
    x.leaf('Отношение', 'Контактное лицо').leaf('Ид', c.representative.id).leaf('Наименование', c.representative.name);
    x.close('Контрагент').close('Представитель').close('Представители');
  }
  x.leaf('Роль', 'Покупатель').close('Контрагент').close('Контрагенты');
}

function line(x: Xml, l: LineOut): void {
  x.open('Товар').leaf('Ид', l.id).leaf('ИдКаталога', l.catalogId).leaf('Артикул', l.sku).leaf('Наименование', l.name);
  const unitAttrs: Record<string, string> = { Код: l.unit.code, НаименованиеПолное: l.unit.fullName ?? l.unit.name };
  if (l.unit.international) unitAttrs['МеждународноеСокращение'] = l.unit.international;
  x.leaf('БазоваяЕдиница', l.unit.name, unitAttrs);
  x.leaf('ЦенаЗаЕдиницу', l.price).leaf('Количество', l.quantity).leaf('Сумма', l.sum);
  if (l.discount) {
    x.open('Скидки').open('Скидка').leaf('Наименование', 'Скидка').leaf('Сумма', l.discount).leaf('УчтеноВСумме', 'true').close('Скидка').close('Скидки');
  }
  if (l.vat) {
    x.open('СтавкиНалогов').open('СтавкаНалога').leaf('Наименование', 'НДС').leaf('Ставка', l.vat.rate).close('СтавкаНалога').close('СтавкиНалогов');
    x.open('Налоги').open('Налог').leaf('Наименование', 'НДС').leaf('УчтеноВСумме', String(l.vat.included)).leaf('Сумма', l.vat.sum).leaf('Ставка', l.vat.rate).close('Налог').close('Налоги');
  }
  const kind = l.service ? 'Услуга' : 'Товар';
  x.requisites([
    { name: 'ВидНоменклатуры', value: kind },
    { name: 'ТипНоменклатуры', value: kind },
  ]);
  x.close('Товар');
}

/** The whole answer to `mode=query` (or a file for 1C), encoded; `generatedAt` is local "YYYY-MM-DDTHH:MM:SS". */
export function writeOrders(orders: OrderOut[], options: { encoding: OutEncoding; generatedAt: string }): Buffer {
  const x = new Xml(options.encoding);
  x.open('КоммерческаяИнформация', {
    ВерсияСхемы: '2.05',
    ДатаФормирования: options.generatedAt,
    ФорматДаты: 'ДФ=yyyy-MM-dd; ДЛФ=DT',
    ФорматВремени: 'ДФ=ЧЧ:мм:сс; ДЛФ=T',
    РазделительДатаВремя: 'T',
    ФорматСуммы: 'ЧЦ=18; ЧДЦ=2; ЧРД=.',
    ФорматКоличества: 'ЧЦ=18; ЧДЦ=2; ЧРД=.',
  });
  for (const o of orders) {
    x.open('Документ').leaf('Ид', o.id).leaf('Номер', o.number).leaf('Дата', o.date);
    x.leaf('ХозОперация', o.operation ?? 'Заказ товара').leaf('Роль', 'Продавец').leaf('Валюта', currencyName(o.currency)).leaf('Курс', '1').leaf('Сумма', o.sum);
    counterparty(x, o.counterparty);
    x.leaf('Время', o.time).leaf('Комментарий', o.comment ?? '');
    x.open('Товары');
    for (const l of o.lines) line(x, l);
    x.close('Товары');
    x.requisites(o.requisites);
    x.close('Документ');
  }
  x.close('КоммерческаяИнформация');
  const declaration = `<?xml version="1.0" encoding="${options.encoding === 'utf-8' ? 'UTF-8' : 'windows-1251'}"?>\n`;
  const body = declaration + x.toString();
  return options.encoding === 'utf-8' ? Buffer.from(body, 'utf8') : iconv.encode(body, 'win1251');
}

/**
 * Bitrix's `mode=info` answer: the site's order statuses (here: the stages) for 1C's mapping screen.
 * Bitrix spells the list's tag with a Latin "C" (Cтатусы); both spellings are written, for 1C
 * modules reading either.
 */
export function writeInfo(statuses: { id: string; name: string }[], encoding: OutEncoding): Buffer {
  const x = new Xml(encoding);
  x.open('Справочник');
  for (const tag of ['Cтатусы', 'Статусы']) {
    x.open(tag);
    for (const s of statuses) x.open('Элемент').leaf('Ид', s.id).leaf('Название', s.name).close('Элемент');
    x.close(tag);
  }
  x.open('ПлатежныеСистемы').close('ПлатежныеСистемы').open('СлужбыДоставки').close('СлужбыДоставки');
  x.close('Справочник');
  const body = `<?xml version="1.0" encoding="${encoding === 'utf-8' ? 'UTF-8' : 'windows-1251'}"?>\n${x.toString()}`;
  return encoding === 'utf-8' ? Buffer.from(body, 'utf8') : iconv.encode(body, 'win1251');
}
