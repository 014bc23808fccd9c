import { newPdf, toBuffer } from './draw.js';
import { international } from './international.js';
import type { PdfDocumentModel } from './model.js';
import { ruInvoice } from './ru-invoice.js';

export type { PdfDocumentModel, PdfLabels } from './model.js';

/** A quote or invoice as a PDF (A4, DejaVu Sans embedded as a subset): the Russian form or the international one. */
export function renderDocumentPdf(model: PdfDocumentModel): Promise<Buffer> {
  const doc = newPdf(model.title);
  if (model.layout === 'ru') ruInvoice(doc, model);
  else international(doc, model);
  return toBuffer(doc);
}
