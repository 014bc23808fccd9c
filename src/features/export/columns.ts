import type { ExportColumn, ExportValue } from '../../platform/export/index.js';
import { minorDigits, toLocalInput } from '../../platform/format.js';
import type { Translate } from '../../platform/i18n/index.js';
import type { ListField } from '../../platform/records/list/fields.js';
import type { Cell, ListRow } from '../../platform/records/list/query.js';

/**
 * The list's shown fields as export columns, and a list row as export values: what the list shows,
 * in a form a spreadsheet can compute with. Money becomes two columns, the amount as a number and
 * its currency code (docs/decisions.md); a day stays YYYY-MM-DD; a time is the user's wall clock;
 * names stand for ids; phones and e-mails come joined with ", " as the list shows them.
 */
export function exportColumns(shown: ListField[], label: (f: ListField) => string, t: Translate): ExportColumn[] {
  return shown.flatMap((f): ExportColumn[] => {
    const header = label(f);
    switch (f.kind) {
      case 'money':
        return [
          { header, kind: 'number' },
          { header: t('export.currency', { field: header }), kind: 'text' },
        ];
      case 'number':
      case 'date':
      case 'datetime':
        return [{ header, kind: f.kind }];
      default:
        return [{ header, kind: 'text' }];
    }
  });
}

export interface RowWords {
  timeZone: string;
  yes: string;
  no: string;
}

function value(f: ListField, c: Cell, words: RowWords): ExportValue {
  if (c.value === null && c.text === null) return null;
  switch (f.kind) {
    case 'number':
      return typeof c.value === 'number' ? c.value : Number(c.value);
    case 'date':
      return { wall: String(c.value) };
    case 'datetime':
      return typeof c.value === 'number' ? { wall: toLocalInput(c.value, words.timeZone).replace('T', ' ') } : null;
    case 'boolean':
      return c.value ? words.yes : words.no;
    default:
      return String(c.text ?? c.value);
  }
}

/** One value per export column: a money field gives its amount and its currency. */
export function exportRow(shown: ListField[], row: ListRow, words: RowWords): ExportValue[] {
  const out: ExportValue[] = [];
  shown.forEach((f, i) => {
    const c = row.cells[i]!;
    if (f.kind !== 'money') return out.push(value(f, c, words));
    if (typeof c.value !== 'number') return out.push(null, null);
    const currency = typeof c.extra === 'string' && c.extra ? c.extra : null;
    const digits = currency ? minorDigits(currency) : 2;
    out.push({ amount: c.value / 10 ** digits, digits }, currency);
  });
  return out;
}
