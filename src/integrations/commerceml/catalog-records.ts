import { bool, characteristics, child, childrenOf, decimal, items, requisiteList, requisiteMap, text, value } from './nodes.js';
import type { XmlNode } from './xml.js';

/**
 * Catalog records of CommerceML 2.03–3.1 (see docs/commerceml.md §2): what a
 * classifier, a catalog (import.xml) and an offers package (offers/prices/rests) carry, as plain
 * values. A field the file does not have is undefined, so a partial file (prices only, stock only)
 * never blanks what an earlier file said. Decimals stay strings ("181", "1.4"); the importer turns
 * them into minor units.
 */
export interface CmlUnit {
  /** OKEI code, trimmed ("796 " in some files). */
  code?: string;
  /** Short name ("шт"). */
  name?: string;
  fullName?: string;
}

export interface CmlGroup {
  id: string;
  name: string;
  parentId: string | null;
  deleted: boolean;
}

export interface CmlProperty {
  id: string;
  name: string;
  /** Строка | Число | Время | Справочник */
  valueType?: string;
  deleted: boolean;
  /** For Справочник properties: a product's value is one of these ids. */
  options: { id: string; value: string }[];
}

export interface CmlPriceType {
  id: string;
  name: string;
  currency?: string;
  /** The tax is included in the price (Налог/УчтеноВСумме). */
  taxIncluded?: boolean;
}

export interface CmlWarehouse {
  id: string;
  name: string;
  deleted: boolean;
}

export interface CmlProduct {
  id: string;
  version?: string;
  /** Статус="Удален" or ПометкаУдаления = true. */
  deleted: boolean;
  barcode?: string;
  sku?: string;
  name: string;
  unit?: CmlUnit;
  groupIds: string[];
  description?: string;
  /** Paths inside the exchange folder, e.g. import_files/ac/….jpg. */
  pictures: string[];
  properties: { id: string; values: string[] }[];
  taxRates: { name: string; rate?: string }[];
  requisites: { name: string; value: string }[];
  characteristics: { name: string; value: string }[];
  /** ТипНоменклатуры = Услуга makes it a service. */
  isService: boolean;
  manufacturer?: string;
}

export interface CmlPrice {
  priceTypeId: string;
  amount: string;
  currency?: string;
  unit?: string;
  ratio?: string;
}

export interface CmlOffer {
  /** The full offer id: `<product>` or `<product>#<characteristic>`. */
  id: string;
  productId: string;
  characteristicId: string | null;
  version?: string;
  deleted?: boolean;
  name?: string;
  sku?: string;
  barcode?: string;
  unit?: CmlUnit;
  characteristics?: { name: string; value: string }[];
  prices?: CmlPrice[];
  /** The total quantity when the file gives one. */
  quantity?: string;
  stock?: { warehouseId: string; quantity: string }[];
}

export function toUnit(node: XmlNode | undefined): CmlUnit | undefined {
  if (!node) return undefined;
  const raw = node.text.trim();
  const code = node.attrs['Код']?.trim() || (/^\d+$/.test(raw) ? raw : undefined) || value(node, 'Код');
  const name = (raw && !/^\d+$/.test(raw) ? raw : undefined) || node.attrs['НаименованиеКраткое']?.trim() || value(node, 'НаименованиеКраткое') || undefined;
  const fullName = node.attrs['НаименованиеПолное']?.trim() || value(node, 'НаименованиеПолное') || undefined;
  if (!code && !name && !fullName) return undefined;
  return { ...(code ? { code } : {}), ...(name ? { name } : {}), ...(fullName ? { fullName } : {}) };
}

function deletedMark(node: XmlNode): boolean {
  return node.attrs['Статус'] === 'Удален' || bool(text(node, 'ПометкаУдаления')) === true;
}

function required(node: XmlNode, name: string, what: string): string {
  const v = value(node, name);
  if (v === undefined) throw new Error(`${what} without <${name}>`);
  return v;
}

/** A group with every group nested in it, parents before children. */
export function toGroups(node: XmlNode, parentId: string | null = null): CmlGroup[] {
  const id = required(node, 'Ид', '<Группа>');
  const own: CmlGroup = { id, name: value(node, 'Наименование') ?? id, parentId, deleted: deletedMark(node) };
  return [own, ...items(node, 'Группы', 'Группа').flatMap((g) => toGroups(g, id))];
}

export function toProperty(node: XmlNode): CmlProperty {
  const id = required(node, 'Ид', '<Свойство>');
  const options = childrenOf(child(node, 'ВариантыЗначений'), 'Справочник').flatMap((o) => {
    const optionId = value(o, 'ИдЗначения');
    return optionId ? [{ id: optionId, value: text(o, 'Значение') ?? '' }] : [];
  });
  return { id, name: value(node, 'Наименование') ?? id, valueType: value(node, 'ТипЗначений'), deleted: deletedMark(node), options };
}

export function toPriceType(node: XmlNode): CmlPriceType {
  const id = required(node, 'Ид', '<ТипЦены>');
  const tax = child(node, 'Налог');
  const taxIncluded = bool(text(tax, 'УчтеноВСумме'));
  return { id, name: value(node, 'Наименование') ?? id, currency: value(node, 'Валюта'), ...(taxIncluded === undefined ? {} : { taxIncluded }) };
}

export function toWarehouse(node: XmlNode): CmlWarehouse {
  const id = required(node, 'Ид', '<Склад>');
  return { id, name: value(node, 'Наименование') ?? id, deleted: deletedMark(node) };
}

export function toProduct(node: XmlNode): CmlProduct {
  const id = required(node, 'Ид', '<Товар>');
  const reqs = requisiteList(node);
  const kind = reqs.find((r) => r.name === 'ТипНоменклатуры')?.value;
  return {
    id,
    version: value(node, 'НомерВерсии'),
    deleted: deletedMark(node),
    barcode: value(node, 'Штрихкод'),
    sku: value(node, 'Артикул'),
    name: value(node, 'Наименование') ?? requisiteMap(node)['Полное наименование'] ?? id,
    unit: toUnit(child(node, 'БазоваяЕдиница')),
    groupIds: items(node, 'Группы', 'Ид').map((g) => g.text.trim()).filter(Boolean),
    description: value(node, 'Описание'),
    pictures: childrenOf(node, 'Картинка').map((p) => p.text.trim()).filter(Boolean),
    properties: items(node, 'ЗначенияСвойств', 'ЗначенияСвойства').flatMap((p) => {
      const propertyId = value(p, 'Ид');
      return propertyId ? [{ id: propertyId, values: childrenOf(p, 'Значение').map((v) => v.text.trim()).filter(Boolean) }] : [];
    }),
    taxRates: items(node, 'СтавкиНалогов', 'СтавкаНалога').flatMap((t) => {
      const name = value(t, 'Наименование');
      return name ? [{ name, rate: value(t, 'Ставка') }] : [];
    }),
    requisites: reqs,
    characteristics: characteristics(node),
    isService: kind === 'Услуга',
    manufacturer: value(child(node, 'Изготовитель'), 'Наименование'),
  };
}

/** Splits an offer id on its first "#": the product, and the characteristic when there is one. */
export function splitOfferId(id: string): { productId: string; characteristicId: string | null } {
  const hash = id.indexOf('#');
  if (hash < 0) return { productId: id, characteristicId: null };
  const rest = id.slice(hash + 1);
  return { productId: id.slice(0, hash), characteristicId: rest === '' ? null : rest };
}

export function toOffer(node: XmlNode): CmlOffer {
  const id = required(node, 'Ид', '<Предложение>');
  const offer: CmlOffer = { id, ...splitOfferId(id) };
  const set = <K extends keyof CmlOffer>(key: K, v: CmlOffer[K] | undefined) => {
    if (v !== undefined) offer[key] = v;
  };
  set('version', value(node, 'НомерВерсии'));
  if (child(node, 'ПометкаУдаления') || node.attrs['Статус']) set('deleted', deletedMark(node));
  set('name', value(node, 'Наименование'));
  set('sku', value(node, 'Артикул'));
  set('barcode', value(node, 'Штрихкод'));
  set('unit', toUnit(child(node, 'БазоваяЕдиница')));
  if (child(node, 'ХарактеристикиТовара')) set('characteristics', characteristics(node));
  if (child(node, 'Цены')) {
    set(
      'prices',
      items(node, 'Цены', 'Цена').flatMap((p) => {
        const priceTypeId = value(p, 'ИдТипаЦены');
        const amount = decimal(text(p, 'ЦенаЗаЕдиницу'));
        if (!priceTypeId || amount === undefined) return [];
        return [{ priceTypeId, amount, currency: value(p, 'Валюта'), unit: value(p, 'Единица'), ratio: decimal(text(p, 'Коэффициент')) }];
      }),
    );
  }
  set('quantity', decimal(text(node, 'Количество')));
  const stock = [
    ...childrenOf(node, 'Склад').flatMap((s) => {
      const warehouseId = s.attrs['ИдСклада']?.trim();
      const quantity = decimal(s.attrs['КоличествоНаСкладе']);
      return warehouseId && quantity !== undefined ? [{ warehouseId, quantity }] : [];
    }),
    ...items(node, 'Остатки', 'Остаток').flatMap((r) => {
      const s = child(r, 'Склад');
      const warehouseId = value(s, 'Ид');
      const quantity = decimal(text(s, 'Количество'));
      return warehouseId && quantity !== undefined ? [{ warehouseId, quantity }] : [];
    }),
  ];
  if (stock.length) set('stock', stock);
  else if (child(node, 'Остатки')) {
    // A rests file without warehouses gives the total only: Остатки/Остаток/Количество.
    const total = items(node, 'Остатки', 'Остаток').map((r) => decimal(text(r, 'Количество'))).find((q) => q !== undefined);
    set('quantity', total);
  }
  return offer;
}
