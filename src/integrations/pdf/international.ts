import type { PdfDocumentModel } from './model.js';
import { CONTENT, PAGE, ensureRoom, picture, table, text, totals, type Pdf } from './draw.js';

const lines = (parts: (string | null | undefined)[]) => parts.filter(Boolean).join('\n');

/** The international layout: seller and client side by side, the rows with VAT, totals, the amount in words, how to pay. */
export function international(doc: Pdf, m: PdfDocumentModel): void {
  const L = m.labels;
  const s = m.parties.seller;
  const x = PAGE.margin;
  let y = PAGE.margin;
  const logoShown = picture(doc, m.images.logo, x, y, [140, 50]);
  text(doc, m.title, x + 150, y, { width: CONTENT - 150, size: 15, bold: true, align: 'right' });
  text(doc, m.lines.dates, x + 150, doc.y + 4, { width: CONTENT - 150, size: 9, align: 'right' });
  y = Math.max(doc.y, y + (logoShown ? 56 : 0)) + 14;

  const half = CONTENT / 2 - 10;
  text(doc, L.from, x, y, { width: half, size: 8, bold: true });
  text(doc, L.billTo, x + half + 20, y, { width: half, size: 8, bold: true });
  y += 12;
  const left = text(doc, m.lines.from, x, y, { width: half });
  const right = text(doc, m.lines.billTo, x + half + 20, y, { width: half });
  y = Math.max(left, right) + 14;

  const columns = [
    { title: L.colN, width: 26, align: 'center' as const },
    { title: L.colName, width: 0 },
    { title: L.colQty, width: 44, align: 'right' as const },
    { title: L.colUnit, width: 34, align: 'center' as const },
    { title: L.colPrice, width: 68, align: 'right' as const },
    { title: L.colDiscount, width: 60, align: 'right' as const },
    { title: L.colVat, width: 40, align: 'right' as const },
    { title: L.colSum, width: 76, align: 'right' as const },
  ];
  columns[1]!.width = CONTENT - columns.reduce((n, c) => n + c.width, 0);
  y = table(doc, x, y, columns, m.rows.map((r) => [String(r.n), r.sku ? `${r.name} (${r.sku})` : r.name, r.quantity, r.unit, r.price, r.discount, r.vat, r.sum])) + 6;
  y = totals(doc, y, [{ label: `${L.subtotal}:`, value: m.subtotal, bold: false }, ...m.vatLines.map((v) => ({ label: `${v.label}:`, value: v.amount, bold: false })), { label: `${L.total}:`, value: m.totalWithCurrency }]);
  y = ensureRoom(doc, y + 6, 40);
  y = text(doc, `${L.amountInWords}: ${m.words}`, x, y, { width: CONTENT, size: 9 }) + 10;

  const payment = [m.lines.bank, m.paymentDetails, ...m.methods.map((method) => lines([method.name, method.url, method.details]))].filter(Boolean).join('\n\n');
  if (m.kind === 'invoice' && payment) {
    y = ensureRoom(doc, y, 40);
    text(doc, L.payment, x, y, { width: CONTENT, size: 9, bold: true });
    y = text(doc, payment, x, doc.y + 2, { width: CONTENT, size: 8.5 }) + 10;
  }
  if (m.notes) {
    text(doc, L.notes, x, y, { width: CONTENT, size: 9, bold: true });
    y = text(doc, m.notes, x, doc.y + 2, { width: CONTENT, size: 8.5 }) + 10;
  }
  y = ensureRoom(doc, y + 10, 80);
  const line = y + 45;
  text(doc, L.signature, x, line + 3, { width: 200, size: 8 });
  doc.lineWidth(0.5).moveTo(x, line).lineTo(x + 200, line).stroke();
  if (s.director) text(doc, s.director, x, line + 13, { width: 200, size: 8 });
  picture(doc, m.images.signature, x + 40, line - 38, [90, 40]);
  picture(doc, m.images.stamp, x + 120, line - 30, [100, 100]);
}
