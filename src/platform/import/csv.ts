/**
 * CSV as spreadsheets and CRMs write it (RFC 4180 and what Excel does beyond it): fields may be quoted
 * with ", a quote inside doubled, line breaks inside quotes kept; lines end in \n or \r\n. The
 * delimiter is whichever of `,` `;` tab gives the first lines the most, equal columns per line.
 */
export type Delimiter = ',' | ';' | '\t';
export const delimiters: readonly Delimiter[] = [',', ';', '\t'];

export function parseCsv(text: string, delimiter: Delimiter): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  // Blank lines (a trailing newline, empty lines between) are no rows.
  return rows.filter((r) => r.some((cell) => cell.trim() !== ''));
}

/** Counts the delimiter outside quotes in the first lines; the one that splits them most evenly into the most columns wins, `,` when none occurs. */
export function detectDelimiter(text: string): Delimiter {
  const sample = text.slice(0, 64 * 1024);
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of delimiters) {
    const lines = parseCsv(sample, d).slice(0, 20);
    if (lines.length === 0) continue;
    const counts = lines.map((l) => l.length);
    const first = counts[0]!;
    if (first < 2) continue;
    const same = counts.filter((c) => c === first).length / counts.length;
    const score = first * same;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** One CSV line for the rejected rows' file: quoted when it holds the delimiter, a quote or a line break. */
export function csvLine(cells: readonly string[], delimiter: Delimiter): string {
  return cells.map((c) => (c.includes(delimiter) || /["\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter);
}
