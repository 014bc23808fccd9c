import type { PdfDocumentModel } from './model.js';
import { CONTENT, PAGE, ensureRoom, heightOf, picture, table, text, totals, type Pdf } from './draw.js';

const join = (parts: (string | null | undefined)[]) => parts.filter(Boolean).join(' — ');

/**
 * The Russian "Счёт на оплату" (and the quote in the same manner): the bank block of the payee, the
 * title, supplier and buyer with their ИНН/КПП, the rows, "Итого", the VAT lines, "Всего к оплате",
 * the count and sum line, the amount in words, and the signature lines with the stamp.
 */
export function ruInvoice(doc: Pdf, m: PdfDocumentModel): void {
  const L = m.labels;
  const s = m.parties.seller;
  const x = PAGE.margin;
  let y = PAGE.margin;
  if (picture(doc, m.images.logo, x, y, [140, 50])) y += 56;

  if (m.kind === 'invoice') {
    // The bank block: three columns (text | label | number), as on the standard form.
    const w = [CONTENT - 175, 45, 130];
    const cell = (cx: number, cy: number, cw: number, ch: number, value: string, options: { size?: number; bold?: boolean } = {}) => {
      doc.lineWidth(0.5).rect(cx, cy, cw, ch).stroke();
      text(doc, value, cx + 3, cy + 3, { width: cw - 6, size: options.size ?? 8.5, bold: options.bold });
    };
    const bankH = Math.max(30, heightOf(doc, s.bankName ?? '', w[0]! - 6) + 16);
    cell(x, y, w[0]!, bankH, `${s.bankName ?? ''}\n`);
    text(doc, L.bankOfPayee, x + 3, y + bankH - 12, { width: w[0]! - 6, size: 7 });
    cell(x + w[0]!, y, w[1]!, 15, L.bik);
    cell(x + w[0]! + w[1]!, y, w[2]!, 15, s.bik ?? '');
    cell(x + w[0]!, y + 15, w[1]!, bankH - 15, L.account);
    cell(x + w[0]! + w[1]!, y + 15, w[2]!, bankH - 15, s.corrAccount ?? '');
    y += bankH;
    cell(x, y, w[0]! / 2, 15, `${L.inn} ${s.inn ?? ''}`);
    cell(x + w[0]! / 2, y, w[0]! / 2, 15, `${L.kpp} ${s.kpp ?? ''}`);
    const payeeH = Math.max(30, heightOf(doc, s.name, w[0]! - 6) + 16);
    cell(x, y + 15, w[0]!, payeeH, s.name);
    text(doc, L.payee, x + 3, y + 15 + payeeH - 12, { width: w[0]! - 6, size: 7 });
    cell(x + w[0]!, y, w[1]!, 15 + payeeH, L.account);
    cell(x + w[0]! + w[1]!, y, w[2]!, 15 + payeeH, s.account ?? '');
    y += 15 + payeeH + 14;
  }

  y = text(doc, m.title, x, y, { width: CONTENT, size: 13, bold: true }) + 4;
  doc.lineWidth(1.5).moveTo(x, y).lineTo(x + CONTENT, y).stroke();
  y += 8;
  const party = (label: string, value: string) => {
    text(doc, label, x, y, { width: 130, size: 8.5 });
    y = Math.max(doc.y, text(doc, value, x + 135, y, { width: CONTENT - 135, size: 8.5, bold: true })) + 6;
  };
  party(L.supplier, m.lines.supplier);
  party(L.buyer, m.lines.buyer);
  if (m.notes) party(L.basis, m.notes);
  y += 4;

  const hasDiscount = m.rows.some((r) => r.discount);
  const columns = [
    { title: L.colN, width: 26, align: 'center' as const },
    { title: L.colName, width: 0 },
    { title: L.colQty, width: 48, align: 'right' as const },
    { title: L.colUnit, width: 36, align: 'center' as const },
    { title: L.colPrice, width: 72, align: 'right' as const },
    ...(hasDiscount ? [{ title: L.colDiscount, width: 60, align: 'right' as const }] : []),
    { title: L.colSum, width: 80, align: 'right' as const },
  ];
  columns[1]!.width = CONTENT - columns.reduce((n, c) => n + c.width, 0);
  y = table(doc, x, y, columns, m.rows.map((r) => [String(r.n), r.sku ? `${r.name} (${r.sku})` : r.name, r.quantity, r.unit, r.price, ...(hasDiscount ? [r.discount] : []), r.sum])) + 6;
  y = totals(doc, y, [{ label: `${L.subtotal}:`, value: m.subtotal }, ...m.vatLines.map((v) => ({ label: `${v.label}:`, value: v.amount })), { label: `${L.total}:`, value: m.total }]);

  y = ensureRoom(doc, y + 6, 60);
  y = text(doc, m.countLine, x, y, { width: CONTENT, size: 9 }) + 2;
  y = text(doc, m.words, x, y, { width: CONTENT, size: 9.5, bold: true }) + 8;
  if (m.lines.dueLine) y = text(doc, m.lines.dueLine, x, y, { width: CONTENT, size: 8.5 }) + 2;
  if (m.paymentDetails) y = text(doc, m.paymentDetails, x, y, { width: CONTENT, size: 8.5 }) + 2;
  for (const method of m.methods) y = text(doc, join([method.name, method.url, method.details]), x, y, { width: CONTENT, size: 8.5 }) + 2;

  // Signature lines, the signature over the director's line, the stamp beside it.
  y = ensureRoom(doc, y + 10, 90);
  doc.lineWidth(1.5).moveTo(x, y).lineTo(x + CONTENT, y).stroke();
  const line = y + 45;
  const half = CONTENT / 2;
  const sign = (left: number, label: string, name: string | null) => {
    text(doc, label, left, line - 10, { width: 80, size: 9, bold: true });
    doc.lineWidth(0.5).moveTo(left + 80, line).lineTo(left + half - 20, line).stroke();
    text(doc, name ?? '', left + 80, line + 2, { width: half - 100, size: 8, align: 'right' });
  };
  sign(x, L.director, s.director);
  sign(x + half, L.accountant, s.accountant);
  picture(doc, m.images.signature, x + 95, line - 38, [90, 40]);
  picture(doc, m.images.stamp, x + 150, line - 25, [110, 110]);
}
