import type { Writable } from 'node:stream';
import { setImmediate as turn } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { isAmount, isWallClock, type ExportColumn, type ExportTable, type ExportValue } from './table.js';
import { drained } from './stream.js';

/** Rows between two turns of the event loop. */
const XLSX_TURN = 100;

const numFmt = (c: ExportColumn): string | undefined => {
  if (c.kind === 'date') return 'yyyy-mm-dd';
  if (c.kind === 'datetime') return 'yyyy-mm-dd hh:mm';
  return undefined;
};

/**
 * A wall-clock day or time as an Excel date: Excel has no time zones, so the wall clock is written
 * as if it were UTC, which is how exceljs turns a Date into a serial day number.
 */
const amountFormat = (digits: number) => (digits ? `0.${'0'.repeat(digits)}` : '0');

function cell(value: ExportValue): string | number | Date | null {
  if (isAmount(value)) return value.amount;
  if (isWallClock(value)) return new Date(`${value.wall.replace(' ', 'T')}${value.wall.length > 10 ? ':00' : 'T00:00:00'}Z`);
  return value;
}

/**
 * Writes the table as one XLSX sheet through exceljs' streaming writer: every row is committed (and
 * so leaves memory) as it is added, and between pages the writer waits for the output to drain.
 * Strings are stored as text cells, which Excel never evaluates, so no formula guard is needed here.
 */
export async function writeXlsx(out: Writable, table: ExportTable, sheetName: string): Promise<number> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = book.addWorksheet(sheetName.slice(0, 31).replace(/[[\]*?/\\:]/g, ' '));
  sheet.columns = table.columns.map((c, i) => ({
    header: c.header,
    key: `c${i}`,
    width: c.kind === 'datetime' ? 17 : c.kind === 'date' ? 11 : Math.min(40, Math.max(10, c.header.length + 2)),
    style: numFmt(c) ? { numFmt: numFmt(c) } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  let rows = 0;
  for await (const page of table.pages) {
    if (out.destroyed) break;
    for (const [n, values] of page.entries()) {
      // exceljs spends about 0.1 ms on a row: a pause every few rows keeps other requests answered.
      if (n > 0 && n % XLSX_TURN === 0) await turn();
      const row = sheet.addRow(values.map(cell));
      values.forEach((v, i) => {
        if (isAmount(v)) row.getCell(i + 1).numFmt = amountFormat(v.digits);
      });
      row.commit();
    }
    rows += page.length;
    await drained(out);
  }
  sheet.commit();
  await book.commit();
  return rows;
}
