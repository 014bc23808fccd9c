import type { XmlNode } from './xml.js';

/** Small readers over a record's subtree. Element order is never assumed; the first match wins. */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

export function childrenOf(node: XmlNode | undefined, name: string): XmlNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** Children of a list element: `items(product, 'Группы', 'Ид')`. */
export function items(node: XmlNode | undefined, list: string, item: string): XmlNode[] {
  return childrenOf(node, list).flatMap((l) => childrenOf(l, item));
}

/** Trimmed text of a child, or undefined when the child is absent (an empty element is ""). */
export function text(node: XmlNode | undefined, name: string): string | undefined {
  const c = child(node, name);
  return c === undefined ? undefined : c.text.trim();
}

/** Trimmed text of a child, undefined when absent or empty. */
export function value(node: XmlNode | undefined, name: string): string | undefined {
  const t = text(node, name);
  return t ? t : undefined;
}

export function bool(raw: string | undefined): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  const v = raw.trim().toLowerCase();
  return v === 'true' || v === '1' || v === 'да';
}

/**
 * A decimal from CommerceML as a plain string with a dot ("1,4" → "1.4", "1 234.50" → "1234.50"),
 * or undefined when it is not a number. Amounts are never parsed from `Представление`.
 */
export function decimal(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const v = raw.replace(/[\s\u00a0]/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(v) ? v : undefined;
}

/** `ЗначенияРеквизитов/ЗначениеРеквизита` as name/value pairs in file order (a name may repeat: ОписаниеФайла). */
export function requisiteList(node: XmlNode | undefined): { name: string; value: string }[] {
  return pairs(items(node, 'ЗначенияРеквизитов', 'ЗначениеРеквизита'));
}

/** `ХарактеристикиТовара/ХарактеристикаТовара` as name/value pairs. */
export function characteristics(node: XmlNode | undefined): { name: string; value: string }[] {
  return pairs(items(node, 'ХарактеристикиТовара', 'ХарактеристикаТовара'));
}

function pairs(rows: XmlNode[]): { name: string; value: string }[] {
  return rows.flatMap((r) => {
    const name = text(r, 'Наименование');
    return name ? [{ name, value: text(r, 'Значение') ?? '' }] : [];
  });
}

/** The first value of each requisite name. */
export function requisiteMap(node: XmlNode | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const { name, value } of requisiteList(node)) if (!(name in map)) map[name] = value;
  return map;
}
