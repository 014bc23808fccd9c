import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { renderDocumentPdf } from '../../integrations/pdf/document-pdf.js';
import type { DocKind } from './kinds.js';
import { printModel } from './print.js';
import type { DocumentRow } from './queries.js';
import { documentFor } from './service.js';

/**
 * A quote's or invoice's PDF and its file name ("Счёт СЧ-2026-001.pdf"), for whoever may read it:
 * what the download, the public link and the e-mail feature's attachment use.
 */
export async function documentPdf(ctx: AppContext, user: CurrentUser, kind: DocKind, id: number): Promise<{ fileName: string; content: Buffer }> {
  return pdfOf(ctx, documentFor(ctx, user, kind, id, 'read'));
}

/** The PDF of a document already loaded with its rights checked (or opened by its public link). */
export async function pdfOf(ctx: AppContext, doc: DocumentRow): Promise<{ fileName: string; content: Buffer }> {
  const model = printModel(ctx, doc);
  return { fileName: model.fileName, content: await renderDocumentPdf(model) };
}

/** A Content-Disposition header that keeps a Cyrillic file name (RFC 6266, with an ASCII fallback). */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
