import { csvLine, type Delimiter } from '../../platform/import/csv.js';
import type { Reason } from './convert.js';
import type { ImportJobRow, RejectRow } from './queries.js';

/**
 * The rejected rows as a CSV to fix and import again: the file's own header and cells, then a last
 * column with the reasons. UTF-8 with a byte order mark so Excel opens it right; the delimiter of the
 * uploaded file (";" for an XLSX, as Excel in Russian expects).
 */
export function rejectedCsv(job: ImportJobRow, rejects: RejectRow[], text: (r: Reason) => string, reasonHeader: string): string {
  const delimiter = (job.delimiter ?? ';') as Delimiter;
  const headers = JSON.parse(job.headers) as string[];
  const lines = [csvLine([...headers, reasonHeader], delimiter)];
  for (const row of rejects) {
    const cells = JSON.parse(row.cells) as string[];
    const padded = headers.map((_h, i) => cells[i] ?? '');
    lines.push(csvLine([...padded, (JSON.parse(row.reasons) as Reason[]).map(text).join('; ')], delimiter));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
