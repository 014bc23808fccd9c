import type { MessageKey, Translate } from '../../platform/i18n/index.js';

/**
 * Units of measure offered in the catalog, by their OKEI code (the Russian classifier 1C and
 * invoices use). Names are translated (catalog.unit.<code>); a unit from 1C that is not here keeps the
 * name it came with.
 */
export const unitCodes = ['796', '839', '778', '166', '163', '168', '006', '055', '113', '112', '356', '359', '362', '625', '876'] as const;

export const isUnitCode = (code: string): boolean => (unitCodes as readonly string[]).includes(code);

/** The unit as a document shows it: our translated short name, else the stored name, else nothing. */
export function unitLabel(t: Translate, code: string | null, name: string | null): string {
  if (code && isUnitCode(code)) return t(`catalog.unit.${code}` as MessageKey);
  return name ?? '';
}
