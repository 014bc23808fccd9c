import type { Writable } from 'node:stream';
import { isAmount, isWallClock, type ExportTable, type ExportValue } from './table.js';
import { drained } from './stream.js';

export interface CsvOptions {
  /** "," (RFC 4180) or ";" for Excel set to a Russian locale, which also reads "," as the decimal mark. */
  delimiter: ',' | ';';
}

/** Excel opens a UTF-8 CSV as UTF-8 only when it starts with the byte order mark. */
export const BOM = '\uFEFF';

/**
 * Text that a spreadsheet would take for a formula: "=", "+", "-", "@" first, or a tab or carriage
 * return first (OWASP "CSV injection"). Such text is written with a leading "'", which Excel shows
 * as text; numbers are written as numbers and never prefixed, so "-5" stays a number.
 */
const FORMULA = /^[=+\-@\t\r]/;

/** One cell: quoted when it holds the delimiter, a quote, CR or LF, with quotes doubled (RFC 4180). */
export function csvCell(value: ExportValue, options: CsvOptions): string {
  if (value === null || value === '') return '';
  let text: string;
  if (typeof value === 'number' || isAmount(value)) {
    text = typeof value === 'number' ? String(value) : value.amount.toFixed(value.digits);
    if (options.delimiter === ';') text = text.replace('.', ',');
  } else if (isWallClock(value)) {
    text = value.wall;
  } else {
    text = FORMULA.test(value) ? `'${value}` : value;
  }
  return /["\r\n]/.test(text) || text.includes(options.delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: ExportValue[], options: CsvOptions): string {
  return `${values.map((v) => csvCell(v, options)).join(options.delimiter)}\r\n`;
}

/**
 * Writes the table as CSV: the BOM, the header line, then each page as one write, waiting for the
 * stream to drain before asking for the next page. Lines end with CRLF (RFC 4180). Returns the
 * number of rows written; stops early, without throwing, when the stream is destroyed (the client left).
 */
export async function writeCsv(out: Writable, table: ExportTable, options: CsvOptions): Promise<number> {
  let rows = 0;
  out.write(BOM + csvLine(table.columns.map((c) => c.header), options));
  for await (const page of table.pages) {
    if (out.destroyed) break;
    let chunk = '';
    for (const row of page) chunk += csvLine(row, options);
    rows += page.length;
    if (!out.write(chunk)) await drained(out);
  }
  return rows;
}
