export { BOM, csvCell, csvLine, writeCsv, type CsvOptions } from './csv.js';
export { writeXlsx } from './xlsx.js';
export type { Amount, ExportColumn, ExportKind, ExportTable, ExportValue, WallClock } from './table.js';
