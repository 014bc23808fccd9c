import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { BOM, csvCell, writeCsv, writeXlsx, type ExportColumn, type ExportTable, type ExportValue } from './index.js';

const text: ExportColumn = { header: 'T', kind: 'text' };
const money: ExportColumn = { header: 'M', kind: 'number' };
const comma = { delimiter: ',' } as const;
const semi = { delimiter: ';' } as const;

describe('csvCell', () => {
  it.each([
    ['plain', text, comma, 'plain'],
    [null, text, comma, ''],
    ['a,b', text, comma, '"a,b"'],
    ['a,b', text, semi, 'a,b'],
    ['a;b', text, semi, '"a;b"'],
    ['say "hi"', text, comma, '"say ""hi"""'],
    ['two\nlines', text, comma, '"two\nlines"'],
    ['=1+2', text, comma, "'=1+2"],
    ['+7 900', text, comma, "'+7 900"],
    ['-x', text, comma, "'-x"],
    ['@SUM(A1)', text, comma, "'@SUM(A1)"],
    ['\tx', text, comma, "'\tx"],
    ['\rx', text, comma, `"'\rx"`],
    ['=HYPERLINK("x")', text, comma, `"'=HYPERLINK(""x"")"`],
    ['Ёлка, ООО', text, comma, '"Ёлка, ООО"'],
    [-5, { header: 'N', kind: 'number' }, comma, '-5'],
    [{ amount: 1234.5, digits: 2 }, money, comma, '1234.50'],
    [{ amount: 7, digits: 0 }, money, comma, '7'],
    [{ amount: -1234.5, digits: 2 }, money, semi, '-1234,50'],
    [{ wall: '2026-12-03 14:05' }, { header: 'D', kind: 'datetime' }, semi, '2026-12-03 14:05'],
  ] as [ExportValue, ExportColumn, typeof comma | typeof semi, string][])('%j → %j', (value, _column, options, want) => {
    expect(csvCell(value, options)).toBe(want);
  });
});

/** A table of `n` rows served in pages of `size`, counting the pages asked for. */
function table(n: number, size: number): ExportTable & { asked: () => number } {
  let asked = 0;
  function* pages(): Generator<ExportValue[][]> {
    for (let start = 0; start < n; start += size) {
      asked++;
      yield Array.from({ length: Math.min(size, n - start) }, (_x, i) => [`Имя ${start + i}`, { amount: (start + i) / 100, digits: 2 }, { wall: '2026-01-02' }]);
    }
  }
  return {
    columns: [{ header: 'Имя', kind: 'text' }, money, { header: 'День', kind: 'date' }],
    pages: pages(),
    asked: () => asked,
  };
}

async function collect(write: (out: PassThrough) => Promise<number>): Promise<{ rows: number; bytes: Buffer }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => out.on('end', r));
  const rows = await write(out);
  out.end();
  await ended;
  return { rows, bytes: Buffer.concat(chunks) };
}

describe('writeCsv', () => {
  it('writes the BOM, the header and every page, CRLF line ends', async () => {
    const t = table(2500, 1000);
    const { rows, bytes } = await collect((out) => writeCsv(out, t, semi));
    expect(rows).toBe(2500);
    expect(t.asked()).toBe(3);
    const textOut = bytes.toString('utf8');
    expect(textOut.startsWith(BOM)).toBe(true);
    const lines = textOut.slice(1).split('\r\n');
    expect(lines[0]).toBe('Имя;M;День');
    expect(lines[1]).toBe('Имя 0;0,00;2026-01-02');
    expect(lines[2500]).toBe('Имя 2499;24,99;2026-01-02');
    expect(lines).toHaveLength(2502);
  });
});

describe('writeXlsx', () => {
  it('streams a sheet that exceljs reads back with the same values', async () => {
    const { rows, bytes } = await collect((out) => writeXlsx(out, table(1200, 500), 'Контакты'));
    expect(rows).toBe(1200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Контакты')!;
    expect(sheet.rowCount).toBe(1201);
    expect(sheet.getRow(1).values).toEqual([undefined, 'Имя', 'M', 'День']);
    const last = sheet.getRow(1201);
    expect(last.getCell(1).value).toBe('Имя 1199');
    expect(last.getCell(2).value).toBe(11.99);
    expect(last.getCell(2).numFmt).toBe('0.00');
    expect((last.getCell(3).value as Date).toISOString()).toBe('2026-01-02T00:00:00.000Z');
  });
});
