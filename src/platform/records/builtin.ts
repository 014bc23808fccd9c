import { catalog, locales, translator, type Locale, type MessageKey } from '../i18n/index.js';

/**
 * Built-in reference values — the first pipeline, its stages, lead statuses and the seeded items of
 * the reference lists — carry a stable `code` ('won', 'webform'). Their name comes from translations
 * in the viewer's language while the stored name is still one of those translations (as seeded, in
 * whichever language the setup ran); once an administrator types a name of their own, that name is
 * shown to everyone. Values an administrator added have no code and always show their stored name.
 */
export type BuiltinKind = 'pipeline' | 'stage' | 'status' | 'source' | 'dealType' | 'companyType' | 'industry' | 'contactType';

export interface Named {
  name: string;
  code: string | null;
}

export function builtinKey(kind: BuiltinKind, code: string): MessageKey {
  return `seed.${kind}.${code}` as MessageKey;
}

/** The translation key of a value still named as seeded, or null for a value with a name of its own. */
export function translatedKey(kind: BuiltinKind, row: Named): MessageKey | null {
  if (!row.code) return null;
  const key = builtinKey(kind, row.code);
  return locales.some((l) => catalog(l)[key] === row.name) ? key : null;
}

export function shownName(locale: Locale, kind: BuiltinKind, row: Named): string {
  const key = translatedKey(kind, row);
  return key ? translator(locale)(key) : row.name;
}

/** Rows with `name` as the viewer sees it. */
export function shownRows<T extends Named>(locale: Locale, kind: BuiltinKind, rows: readonly T[]): T[] {
  return rows.map((r) => (translatedKey(kind, r) ? { ...r, name: shownName(locale, kind, r) } : r));
}

/**
 * History stores what a field showed as text. A built-in value still named as seeded is stored as
 * its message key behind this mark (a control character nobody types), so each reader sees it in their
 * own language. Entries written before the mark existed keep the text they had.
 */
const MARK = '\u0001';

export function recordedName(kind: BuiltinKind, row: Named | null | undefined): string | null {
  if (!row) return null;
  const key = translatedKey(kind, row);
  return key ? `${MARK}${key}` : row.name;
}

/** A stored history value as the reader sees it. */
export function recordedText(locale: Locale, value: string | null): string | null {
  if (value === null || !value.startsWith(MARK)) return value;
  return translator(locale)(value.slice(1) as MessageKey);
}
