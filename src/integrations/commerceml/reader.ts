import fs from 'node:fs';
import {
  toGroups,
  toOffer,
  toPriceType,
  toProduct,
  toProperty,
  toUnit,
  toWarehouse,
  type CmlGroup,
  type CmlOffer,
  type CmlPriceType,
  type CmlProduct,
  type CmlProperty,
  type CmlUnit,
  type CmlWarehouse,
} from './catalog-records.js';
import { toCounterparty, toDocument, type CmlCounterparty, type CmlDocument } from './document-records.js';
import { bool, value } from './nodes.js';
import { CmlFormatError, readXml, type Rule, type XmlEvent, type XmlNode } from './xml.js';

/**
 * Reads any CommerceML file — import, offers, prices, rests, orders, counterparties, in any
 * version, namespace and element order — as a stream of typed items, a few hundred per batch.
 * What a file is comes from its content, never from its name.
 */
export type CmlSection = 'classifier' | 'catalog' | 'offers' | 'counterparties';

export type CmlItem =
  | { kind: 'root'; schemaVersion?: string; generatedAt?: string }
  /** A section begins; `onlyChanges` is its СодержитТолькоИзменения (undefined when absent). */
  | { kind: 'section'; section: CmlSection; onlyChanges?: boolean }
  | { kind: 'sectionEnd'; section: CmlSection; id?: string; name?: string; catalogId?: string; classifierId?: string }
  | { kind: 'group'; value: CmlGroup }
  | { kind: 'property'; value: CmlProperty }
  | { kind: 'priceType'; value: CmlPriceType }
  | { kind: 'warehouse'; value: CmlWarehouse }
  | { kind: 'unit'; value: CmlUnit }
  | { kind: 'product'; value: CmlProduct }
  | { kind: 'offer'; value: CmlOffer }
  | { kind: 'document'; value: CmlDocument }
  | { kind: 'counterparty'; value: CmlCounterparty };

const sections: Record<string, CmlSection> = {
  Классификатор: 'classifier',
  Каталог: 'catalog',
  ПакетПредложений: 'offers',
  ИзмененияПакетаПредложений: 'offers',
  Контрагенты: 'counterparties',
};

type Convert = (node: XmlNode) => CmlItem[];
type Kind = Exclude<CmlItem['kind'], 'root' | 'section' | 'sectionEnd'>;

const one =
  <K extends Kind>(kind: K, to: (n: XmlNode) => Extract<CmlItem, { kind: K }>['value']): Convert =>
  (n) =>
    [{ kind, value: to(n) } as CmlItem];

/** Record paths (below the root), what they hold, and how each becomes items. */
const records: Record<string, { kind: Kind; convert: Convert }> = {
  'Классификатор/Группы/Группа': { kind: 'group', convert: (n) => toGroups(n).map((value) => ({ kind: 'group', value })) },
  'Классификатор/Свойства/Свойство': { kind: 'property', convert: one('property', toProperty) },
  'Классификатор/Свойства/СвойствоНоменклатуры': { kind: 'property', convert: one('property', toProperty) },
  'Классификатор/ТипыЦен/ТипЦены': { kind: 'priceType', convert: one('priceType', toPriceType) },
  'ПакетПредложений/ТипыЦен/ТипЦены': { kind: 'priceType', convert: one('priceType', toPriceType) },
  'Классификатор/Склады/Склад': { kind: 'warehouse', convert: one('warehouse', toWarehouse) },
  'ПакетПредложений/Склады/Склад': { kind: 'warehouse', convert: one('warehouse', toWarehouse) },
  'Классификатор/ЕдиницыИзмерения/ЕдиницаИзмерения': {
    kind: 'unit',
    convert: (n) => {
      const unit = toUnit(n);
      return unit ? [{ kind: 'unit', value: unit }] : [];
    },
  },
  'Каталог/Товары/Товар': { kind: 'product', convert: one('product', toProduct) },
  'ПакетПредложений/Предложения/Предложение': { kind: 'offer', convert: one('offer', toOffer) },
  'ИзмененияПакетаПредложений/Предложения/Предложение': { kind: 'offer', convert: one('offer', toOffer) },
  Документ: { kind: 'document', convert: one('document', toDocument) },
  'Контейнер/Документ': { kind: 'document', convert: one('document', toDocument) },
  'Контрагенты/Контрагент': { kind: 'counterparty', convert: one('counterparty', toCounterparty) },
};

const rules = new Map<string, Rule>([...Object.keys(sections).map((s): [string, Rule] => [s, 'section']), ...Object.keys(records).map((r): [string, Rule] => [r, 'record'])]);

/** Children of sections that hold lists: their entries are records (or skipped), never kept with the section. */
const lists = new Set(['Группы', 'Свойства', 'ТипыЦен', 'Склады', 'ЕдиницыИзмерения', 'Товары', 'Предложения', 'ЗначенияСвойств', 'Категории', 'Контрагент']);

function toItems(e: XmlEvent): CmlItem[] {
  if (e.type === 'root') return [{ kind: 'root', schemaVersion: e.attrs['ВерсияСхемы'], generatedAt: e.attrs['ДатаФормирования'] }];
  if (e.type === 'open') {
    const flag = e.attrs['СодержитТолькоИзменения'];
    return [{ kind: 'section', section: sections[e.path]!, ...(flag === undefined ? {} : { onlyChanges: bool(flag) }) }];
  }
  if (e.type === 'close') {
    return [
      {
        kind: 'sectionEnd',
        section: sections[e.path]!,
        id: value(e.node, 'Ид'),
        name: value(e.node, 'Наименование'),
        catalogId: value(e.node, 'ИдКаталога'),
        classifierId: value(e.node, 'ИдКлассификатора'),
      },
    ];
  }
  try {
    return records[e.path]!.convert(e.node);
  } catch (err) {
    throw new CmlFormatError((err as Error).message, e.line);
  }
}

export function readCommerceML(input: AsyncIterable<Buffer | string>): AsyncGenerator<CmlItem[]> {
  return readXml(input, rules, lists, 'КоммерческаяИнформация', toItems);
}

/** A group and every group nested in it, each with its Ид. */
function countGroups(node: XmlNode, line: number): number {
  if (!node.children.some((c) => c.name === 'Ид' && c.text.trim())) throw new CmlFormatError('<Группа> without <Ид>', line);
  let n = 1;
  for (const list of node.children) if (list.name === 'Группы') for (const g of list.children) if (g.name === 'Группа') n += countGroups(g, line);
  return n;
}

/**
 * Reads a file only to check it: well-formed XML, CommerceML's root, an Ид in every record that
 * needs one. Yields, now and then, how many records of each kind it has seen so far; cheaper than
 * reading the items, as records are not converted.
 */
export async function* checkCommerceML(input: AsyncIterable<Buffer | string>): AsyncGenerator<Record<string, number>> {
  const counts: Record<string, number> = {};
  const check = (e: XmlEvent): Kind[] => {
    if (e.type !== 'record') return [];
    const kind = records[e.path]!.kind;
    const needsId = kind !== 'unit' && kind !== 'document' && kind !== 'counterparty' && kind !== 'group';
    if (needsId && !e.node.children.some((c) => c.name === 'Ид' && c.text.trim())) throw new CmlFormatError(`<${e.node.name}> without <Ид>`, e.line);
    counts[kind] = (counts[kind] ?? 0) + (kind === 'group' ? countGroups(e.node, e.line) : 1);
    return [kind];
  };
  for await (const _ of readXml(input, rules, lists, 'КоммерческаяИнформация', check)) yield counts;
  yield counts;
}

export function checkCommerceMLFile(file: string): AsyncGenerator<Record<string, number>> {
  return checkCommerceML(fs.createReadStream(file, { highWaterMark: CHUNK }));
}

/**
 * Files are read 32 KiB at a time: a chunk decoded into a string of more than V8's largest regular
 * object (about 128 KiB) would live in the large-object space, freed only by full collections, and
 * hundreds of megabytes of them piled up between collections (measured: +100 MB RSS on a 60 MB file).
 */
const CHUNK = 32 * 1024;

/** Reads a file from disk, in batches of a few hundred items. */
export function readCommerceMLFile(file: string): AsyncGenerator<CmlItem[]> {
  return readCommerceML(fs.createReadStream(file, { highWaterMark: CHUNK }));
}
