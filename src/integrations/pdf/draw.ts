import PDFDocument from 'pdfkit';
import { pdfFonts } from './fonts.js';

/** Drawing helpers over pdfkit shared by the layouts: A4, DejaVu fonts, bordered tables that break across pages. */
export type Pdf = InstanceType<typeof PDFDocument>;

export const PAGE = { width: 595.28, height: 841.89, margin: 40 };
export const CONTENT = PAGE.width - 2 * PAGE.margin;
const PAD = 3;

/**
 * A document with our fonts only: constructed with no default font, so pdfkit never opens its
 * built-in Helvetica (whose metrics it would read from files the single executable does not carry),
 * and each DejaVu face registered once — given also as the default, the regular face was parsed
 * twice and compared, five times the work of the whole document (test/bench/documents.ts).
 */
export function newPdf(title: string): Pdf {
  const fonts = pdfFonts();
  const doc = new PDFDocument({ size: 'A4', margin: PAGE.margin, font: null as unknown as string, info: { Title: title, Producer: 'Prosto CRM', Creator: 'Prosto CRM' }, bufferPages: true });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  doc.font('regular');
  return doc;
}

/** The finished document's bytes. */
export function toBuffer(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

export function text(doc: Pdf, value: string, x: number, y: number, options: { width: number; size?: number; bold?: boolean; align?: 'left' | 'right' | 'center' }): number {
  doc.font(options.bold ? 'bold' : 'regular').fontSize(options.size ?? 9);
  doc.text(value, x, y, { width: options.width, align: options.align ?? 'left' });
  return doc.y;
}

export function heightOf(doc: Pdf, value: string, width: number, size = 9, bold = false): number {
  doc.font(bold ? 'bold' : 'regular').fontSize(size);
  return doc.heightOfString(value || ' ', { width });
}

/** Moves to a new page when `needed` points do not fit below `y`; returns where to go on. */
export function ensureRoom(doc: Pdf, y: number, needed: number): number {
  if (y + needed <= PAGE.height - PAGE.margin) return y;
  doc.addPage();
  return PAGE.margin;
}

export interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

/** A bordered table from `y`, its header repeated on every page it runs onto; returns the y below it. */
export function table(doc: Pdf, x: number, y: number, columns: Column[], rows: string[][], size = 8.5): number {
  const rowHeight = (cells: string[], bold: boolean) => Math.max(...cells.map((c, i) => heightOf(doc, c, columns[i]!.width - 2 * PAD, size, bold))) + 2 * PAD;
  const drawRow = (cells: string[], top: number, bold: boolean) => {
    const h = rowHeight(cells, bold);
    let left = x;
    cells.forEach((c, i) => {
      const col = columns[i]!;
      doc.lineWidth(0.5).rect(left, top, col.width, h).stroke();
      text(doc, c, left + PAD, top + PAD, { width: col.width - 2 * PAD, size, bold, align: col.align });
      left += col.width;
    });
    return top + h;
  };
  const header = columns.map((c) => c.title);
  y = drawRow(header, ensureRoom(doc, y, rowHeight(header, true) + 20), true);
  for (const cells of rows) {
    const h = rowHeight(cells, false);
    const next = ensureRoom(doc, y, h);
    if (next !== y) y = drawRow(header, next, true);
    y = drawRow(cells, y, false);
  }
  return y;
}

/** A picture, skipped when it cannot be read (a damaged upload must not cost the whole document). */
export function picture(doc: Pdf, data: Buffer | null, x: number, y: number, fit: [number, number]): boolean {
  if (!data) return false;
  try {
    doc.image(data, x, y, { fit });
    return true;
  } catch {
    return false;
  }
}

/** Totals aligned right under a table: label, value. */
export function totals(doc: Pdf, y: number, lines: { label: string; value: string; bold?: boolean }[]): number {
  for (const line of lines) {
    y = ensureRoom(doc, y, 14);
    text(doc, line.label, PAGE.margin, y, { width: CONTENT - 110, align: 'right', bold: line.bold ?? true });
    text(doc, line.value, PAGE.margin + CONTENT - 105, y, { width: 105, align: 'right', bold: line.bold ?? true });
    y += 13;
  }
  return y;
}
