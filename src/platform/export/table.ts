/**
 * What an export writer is handed: the columns, then the rows in pages from an iterator that reads
 * the next page only when asked, so a list of any length is never held in memory at once.
 */
export type ExportKind = 'text' | 'number' | 'date' | 'datetime';

/** One cell: text, a number, an amount, a calendar day or wall-clock time (see below), or empty. */
export type ExportValue = string | number | Amount | WallClock | null;

/** A sum of money as a number with its currency's digits: 1234.5 with 2 digits is written "1234.50". */
export interface Amount {
  amount: number;
  digits: number;
}

/**
 * A day or a time as the reader's clock shows it ("2026-12-03", "2026-12-03 14:05"), already moved
 * into the user's time zone: written as that text to CSV and as a date cell to XLSX.
 */
export interface WallClock {
  wall: string;
}

export interface ExportColumn {
  header: string;
  kind: ExportKind;
}

export interface ExportTable {
  columns: ExportColumn[];
  /** Pages of rows, each row one value per column. */
  pages: Iterable<ExportValue[][]> | AsyncIterable<ExportValue[][]>;
}

export const isWallClock = (v: ExportValue): v is WallClock => typeof v === 'object' && v !== null && 'wall' in v;
export const isAmount = (v: ExportValue): v is Amount => typeof v === 'object' && v !== null && 'amount' in v;
