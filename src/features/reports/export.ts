import ExcelJS from 'exceljs';
import type { Formatter } from '../../platform/format.js';
import { minorDigits } from '../../platform/format.js';
import type { Translate } from '../../platform/i18n/index.js';
import { moneyInput } from '../../platform/money.js';
import type { Cell, CellKind, Report } from './model.js';

/**
 * A report as CSV or XLSX: the same cells the page shows (model.ts), so the numbers are the same.
 * Money is written as a plain decimal in the base currency ("1234.56") — a number in XLSX, with the
 * currency in the column's header; tenths of a percent and of a day as decimals.
 */
function plain(cell: Cell, kind: CellKind, base: string, fmt: Formatter): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  switch (kind) {
    case 'money':
      return moneyInput(Number(v), base);
    case 'permille':
    case 'days':
      return (Number(v) / 10).toFixed(1);
    case 'datetime':
      return fmt.localInput(Number(v)).replace('T', ' ');
    default:
      return String(v);
  }
}

function header(report: Report, t: Translate, base: string): string[] {
  return report.columns.map((c) => {
    const label = c.text ?? t(c.label);
    return c.kind === 'money' ? `${label}, ${base}` : label;
  });
}

function lines(report: Report, t: Translate, base: string, fmt: Formatter): string[][] {
  const body = report.rows.map((r) => r.map((c, i) => plain(c, report.columns[i]!.kind, base, fmt)));
  if (report.totals) {
    const totals = report.totals.map((c, i) => plain(c, report.columns[i]!.kind, base, fmt));
    if (report.columns[0]!.kind === 'text' && totals[0] === '') totals[0] = t('reports.total');
    body.push(totals);
  }
  return [header(report, t, base), ...body];
}

/** A field as CSV writes it; text a spreadsheet would take for a formula is defused with a quote mark. */
function quote(s: string): string {
  const safe = /^[=+@\t\r]/.test(s) || (s.startsWith('-') && !/^-\d/.test(s)) ? `'${s}` : s;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV with a byte-order mark and `;` between fields, as a Russian spreadsheet opens it. Text that would start a formula is defused. */
export function toCsv(report: Report, t: Translate, base: string, fmt: Formatter): string {
  return `\ufeff${lines(report, t, base, fmt).map((l) => l.map(quote).join(';')).join('\r\n')}\r\n`;
}

export async function toXlsx(report: Report, t: Translate, base: string, fmt: Formatter, title: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(title.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
  const all = lines(report, t, base, fmt);
  sheet.addRow(all[0]!).font = { bold: true };
  for (const l of all.slice(1)) {
    sheet.addRow(
      l.map((s, i) => {
        const kind = report.columns[i]!.kind;
        if (s === '') return null;
        return kind === 'money' || kind === 'count' || kind === 'permille' || kind === 'days' ? Number(s) : s;
      }),
    );
  }
  report.columns.forEach((c, i) => {
    const col = sheet.getColumn(i + 1);
    col.width = c.kind === 'text' ? 32 : 16;
    if (c.kind === 'money') col.numFmt = minorDigits(base) ? `#,##0.${'0'.repeat(minorDigits(base))}` : '#,##0';
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
