import fs from 'node:fs';
import { detectDelimiter, parseCsv, type Delimiter } from './csv.js';
import { decodeText, type Encoding } from './decode.js';
import { readXlsx } from './xlsx.js';

/**
 * An uploaded table, never trusted: the format is told by the file's first bytes (an XLSX is a zip),
 * not by its name; the header row names the columns, every later row is data. Rows past `MAX_ROWS`
 * refuse the file, as do files without a header and data.
 */
export const MAX_ROWS = 1_000_000;
export const MAX_COLUMNS = 300;

export interface Table {
  format: 'csv' | 'xlsx';
  encoding: Encoding | null;
  delimiter: Delimiter | null;
  headers: string[];
  rows: string[][];
}

export class TableError extends Error {
  constructor(readonly key: 'import.error.empty' | 'import.error.tooManyRows' | 'import.error.tooManyColumns' | 'import.error.unreadable') {
    super(key);
  }
}

export function isZip(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    fs.readSync(fd, head, 0, 4, 0);
    return head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A cell our own CSV export wrote with a leading "'" so that a spreadsheet does not take it for a
 * formula ("'+7 916…", "'=…"): read back as the text it was, so an export imports unchanged.
 */
const GUARDED = /^'[=+\-@\t\r]/;

function unguarded(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}

export async function readTable(file: string): Promise<Table> {
  let table: Table;
  if (isZip(file)) {
    let rows: string[][];
    try {
      rows = await readXlsx(file, MAX_ROWS);
    } catch {
      throw new TableError('import.error.unreadable');
    }
    table = { format: 'xlsx', encoding: null, delimiter: null, headers: rows[0] ?? [], rows: rows.slice(1) };
  } else {
    const { text, encoding } = decodeText(fs.readFileSync(file));
    if (text.includes('\u0000')) throw new TableError('import.error.unreadable');
    const delimiter = detectDelimiter(text);
    const rows = parseCsv(text, delimiter).map((row) => row.map(unguarded));
    table = { format: 'csv', encoding, delimiter, headers: (rows[0] ?? []).map((h) => h.trim()), rows: rows.slice(1) };
  }
  if (table.headers.length === 0 || table.rows.length === 0) throw new TableError('import.error.empty');
  if (table.rows.length > MAX_ROWS) throw new TableError('import.error.tooManyRows');
  if (table.headers.length > MAX_COLUMNS) throw new TableError('import.error.tooManyColumns');
  return table;
}
