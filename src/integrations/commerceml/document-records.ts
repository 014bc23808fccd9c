import { toUnit, type CmlUnit } from './catalog-records.js';
import { bool, child, childrenOf, decimal, items, requisiteMap, text, value } from './nodes.js';
import type { XmlNode } from './xml.js';

/**
 * Orders (`Документ`) and counterparties (`Контрагент`) of CommerceML, both directions: what a store
 * or 1C-Bitrix sends (2.03–2.08: `ЦенаЗаЕдиницу`, requisites) and what 1C sends back (2.09/3.1:
 * `Цена`, `Номер1С`, `ПометкаУдаления` as an element).
 */
export interface CmlCounterparty {
  id?: string;
  version?: string;
  deleted: boolean;
  /** Наименование / ПолноеНаименование / ОфициальноеНаименование, as given. */
  name?: string;
  fullName?: string;
  officialName?: string;
  lastName?: string;
  firstName?: string;
  middleName?: string;
  role?: string;
  inn?: string;
  kpp?: string;
  okpo?: string;
  address?: string;
  addressFields: { type: string; value: string }[];
  /** Контакты/Контакт (Тип, Значение): e-mails and phones. */
  contacts: { type: string; value: string }[];
  /** Представители: the contact person of a company. */
  representatives: { relation?: string; id?: string; name?: string }[];
  bankAccounts: { account: string; bank?: string; bik?: string; correspondent?: string }[];
}

export interface CmlDocumentLine {
  /** The 1C id of the product or offer (`product#characteristic`); ORDER_DELIVERY for delivery. */
  id?: string;
  catalogId?: string;
  name: string;
  sku?: string;
  unit?: CmlUnit;
  /** ЦенаЗаЕдиницу (from a site) or Цена (from 1C). */
  price?: string;
  quantity?: string;
  sum?: string;
  ratio?: string;
  taxRates: { name: string; rate?: string }[];
  requisites: Record<string, string>;
  /** A delivery or other service line: ТипНоменклатуры = Услуга, or the ORDER_DELIVERY id. */
  isService: boolean;
  isDelivery: boolean;
}

export interface CmlDocument {
  id?: string;
  version?: string;
  number?: string;
  /** 1C's own number, trimmed (1C pads it with spaces). */
  number1c?: string;
  date?: string;
  date1c?: string;
  time?: string;
  operation?: string;
  role?: string;
  currency?: string;
  rate?: string;
  sum?: string;
  comment?: string;
  counterparties: CmlCounterparty[];
  /** Undefined when the document has no `Товары` (a status-only update): not "all lines removed". */
  lines?: CmlDocumentLine[];
  requisites: Record<string, string>;
  status: CmlDocumentStatus;
  /** Налоги/Налог/УчтеноВСумме of the document: whether line prices include the tax; undefined when not said. */
  taxIncluded?: boolean;
}

/** What 1C (or a store) says about an order's state, from elements and requisites of every version. */
export interface CmlDocumentStatus {
  deleted: boolean;
  cancelled: boolean;
  paid: boolean;
  shipped: boolean;
  posted: boolean;
  /** Статуса заказа ИД (e.g. "N", "P", "F"), when given. */
  statusId?: string;
  /** Статус заказа as text, when given. */
  statusName?: string;
}

export function toCounterparty(node: XmlNode): CmlCounterparty {
  const address = child(node, 'АдресРегистрации') ?? child(node, 'Адрес') ?? child(node, 'ЮридическийАдрес');
  return {
    id: value(node, 'Ид'),
    version: value(node, 'НомерВерсии'),
    deleted: bool(text(node, 'ПометкаУдаления')) === true,
    name: value(node, 'Наименование'),
    fullName: value(node, 'ПолноеНаименование'),
    officialName: value(node, 'ОфициальноеНаименование'),
    lastName: value(node, 'Фамилия'),
    firstName: value(node, 'Имя'),
    middleName: value(node, 'Отчество'),
    role: value(node, 'Роль'),
    inn: value(node, 'ИНН'),
    kpp: value(node, 'КПП'),
    okpo: value(node, 'КодПоОКПО') ?? value(node, 'ОКПО'),
    address: value(address, 'Представление'),
    addressFields: fields(childrenOf(address, 'АдресноеПоле')),
    contacts: fields([...items(node, 'Контакты', 'Контакт'), ...items(node, 'КонтактнаяИнформация', 'Контакт')]),
    representatives: items(node, 'Представители', 'Представитель').map((r) => {
      // 2.03 nests a Контрагент inside Представитель; 2.09 puts the fields directly in it.
      const who = child(r, 'Контрагент') ?? r;
      return { relation: value(who, 'Отношение'), id: value(who, 'Ид'), name: value(who, 'Наименование') };
    }),
    bankAccounts: items(node, 'РасчетныеСчета', 'РасчетныйСчет').flatMap((a) => {
      const account = value(a, 'НомерСчета');
      const bank = child(a, 'Банк');
      return account ? [{ account, bank: value(bank, 'Наименование'), bik: value(bank, 'БИК'), correspondent: value(bank, 'СчетКорреспондентский') }] : [];
    }),
  };
}

function fields(nodes: XmlNode[]): { type: string; value: string }[] {
  return nodes.flatMap((f) => {
    const type = value(f, 'Тип');
    const v = value(f, 'Значение');
    return type && v ? [{ type, value: v }] : [];
  });
}

export const DELIVERY_LINE_ID = 'ORDER_DELIVERY';

function toLine(node: XmlNode): CmlDocumentLine {
  const reqs = requisiteMap(node);
  const id = value(node, 'Ид');
  const isDelivery = id === DELIVERY_LINE_ID;
  return {
    id,
    catalogId: value(node, 'ИдКаталога'),
    name: value(node, 'Наименование') ?? id ?? '',
    sku: value(node, 'Артикул'),
    unit: toUnit(child(node, 'БазоваяЕдиница') ?? child(node, 'Единица')),
    price: decimal(text(node, 'ЦенаЗаЕдиницу')) ?? decimal(text(node, 'Цена')),
    quantity: decimal(text(node, 'Количество')),
    sum: decimal(text(node, 'Сумма')),
    ratio: decimal(text(node, 'Коэффициент')),
    taxRates: items(node, 'СтавкиНалогов', 'СтавкаНалога').flatMap((t) => {
      const name = value(t, 'Наименование');
      return name ? [{ name, rate: value(t, 'Ставка') }] : [];
    }),
    requisites: reqs,
    isService: isDelivery || reqs['ТипНоменклатуры'] === 'Услуга',
    isDelivery,
  };
}

function statusOf(node: XmlNode, reqs: Record<string, string>): CmlDocumentStatus {
  const flag = (name: string) => bool(reqs[name]) === true;
  const present = (name: string) => Boolean(reqs[name]?.trim());
  const statusId = reqs['Статуса заказа ИД']?.trim() || reqs['Статус заказа ИД']?.trim() || undefined;
  const statusName = reqs['Статус заказа']?.trim() || undefined;
  return {
    deleted: bool(text(node, 'ПометкаУдаления')) === true || flag('ПометкаУдаления'),
    cancelled: flag('Отменен'),
    paid: flag('Заказ оплачен') || present('Дата оплаты по 1С') || present('Дата оплаты'),
    shipped: flag('Отгружен') || present('Дата отгрузки по 1С') || present('Дата отгрузки'),
    posted: flag('Проведен'),
    ...(statusId ? { statusId } : {}),
    ...(statusName ? { statusName } : {}),
  };
}

export function toDocument(node: XmlNode): CmlDocument {
  const reqs = requisiteMap(node);
  return {
    id: value(node, 'Ид'),
    version: value(node, 'НомерВерсии'),
    number: value(node, 'Номер'),
    number1c: value(node, 'Номер1С') ?? (reqs['Номер по 1С']?.trim() || undefined),
    date: value(node, 'Дата'),
    date1c: value(node, 'Дата1С') ?? (reqs['Дата по 1С']?.trim() || undefined),
    time: value(node, 'Время'),
    operation: value(node, 'ХозОперация'),
    role: value(node, 'Роль'),
    currency: value(node, 'Валюта'),
    rate: decimal(text(node, 'Курс')),
    sum: decimal(text(node, 'Сумма')),
    comment: value(node, 'Комментарий'),
    counterparties: items(node, 'Контрагенты', 'Контрагент').map(toCounterparty),
    lines: child(node, 'Товары') ? items(node, 'Товары', 'Товар').map(toLine) : undefined,
    requisites: reqs,
    status: statusOf(node, reqs),
    ...taxIncluded(node),
  };
}

function taxIncluded(node: XmlNode): { taxIncluded?: boolean } {
  const flag = bool(text(items(node, 'Налоги', 'Налог')[0], 'УчтеноВСумме'));
  return flag === undefined ? {} : { taxIncluded: flag };
}
