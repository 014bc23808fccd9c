import { Router, type Response } from 'express';
import { translator } from '../../platform/i18n/index.js';
import type { AppContext } from '../../context.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { basePath, docKinds } from './kinds.js';
import { publicDocument } from './payments.js';
import { attachmentHeader, pdfOf } from './pdf.js';
import { printModel } from './print.js';
import type { DocumentRow } from './queries.js';
import { documentFor } from './service.js';

/**
 * The printable page and the PDF of a quote or invoice, for users who may read it, and both again
 * behind the document's public link (/p/<token>) for the client, who has no account.
 */
export function printRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/quotes', requireUser);
  r.use('/invoices', requireUser);

  const sendPdf = async (res: Response, doc: DocumentRow, disposition: 'attachment' | 'inline' = 'attachment') => {
    const pdf = await pdfOf(ctx, doc);
    res.type('application/pdf').set('Content-Disposition', disposition === 'attachment' ? attachmentHeader(pdf.fileName) : 'inline').set('Cache-Control', 'private, no-store').send(pdf.content);
  };

  const showPrint = (res: Response, doc: DocumentRow, pdfHref: string, isPublic: boolean) => {
    const model = printModel(ctx, doc);
    const dataUrl = (data: Buffer | null, mime: string | null) => (data && mime ? `data:${mime};base64,${data.toString('base64')}` : null);
    res.set('Cache-Control', 'private, no-store');
    res.fragment('documents/print', {
      m: model,
      images: { logo: dataUrl(model.images.logo, model.images.mime.logo), signature: dataUrl(model.images.signature, model.images.mime.signature), stamp: dataUrl(model.images.stamp, model.images.mime.stamp) },
      pdfHref,
      isPublic,
      // The page is in the document's language, whoever opens it.
      t: translator(model.lang),
      locale: model.lang,
    });
  };

  for (const kind of docKinds) {
    const base = basePath[kind];
    r.get(`${base}/:id/pdf`, async (req, res) => sendPdf(res, documentFor(ctx, currentUser(req), kind, idParam(req), 'read')));
    r.get(`${base}/:id/print`, (req, res) => {
      const doc = documentFor(ctx, currentUser(req), kind, idParam(req), 'read');
      showPrint(res, doc, `${base}/${doc.id}/pdf`, false);
    });
  }

  r.get('/p/:token', (req, res) => {
    const doc = publicDocument(ctx, String(req.params.token));
    res.set('X-Robots-Tag', 'noindex, nofollow');
    showPrint(res, doc, `/p/${req.params.token}/pdf`, true);
  });
  r.get('/p/:token/pdf', async (req, res) => {
    res.set('X-Robots-Tag', 'noindex, nofollow');
    await sendPdf(res, publicDocument(ctx, String(req.params.token)));
  });
  return r;
}
