import fs from 'node:fs';
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { csrfValid } from '../../platform/http/csrf.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { receiveUploads, type UploadedFile } from '../../platform/http/upload.js';
import { recordLink } from '../../platform/notifications/index.js';
import type { BoundEntity } from '../../platform/access/activities.js';
import { safeNext } from '../auth/form.js';
import { boundEntities } from '../activities/form.js';
import { activityFor } from '../activities/service.js';
import { smtpServer } from '../mail-settings/service.js';
import { parseDocRef } from '../documents/mail.js';
import { composeForm, composeQuery, withTypedRecipients } from './form.js';
import { storedFile, uploadDir } from './files.js';
import { deliver, requeue } from './outbox.js';
import * as q from './queries.js';
import { mayActOn, visibleMessage } from './read.js';
import { composeView, sendFromRecord } from './service.js';
import { attachmentFor, recordThreads, threadView } from './threads.js';

/** The page a compose form posts to: multipart (attachments), so it checks the CSRF field itself. */
export const SEND_PATH = '/mail/send';
const MAX_FILES = 20;

function recordParam(value: unknown): { entity: BoundEntity; id: number } | null {
  const m = typeof value === 'string' ? /^(lead|contact|company|deal):(\d+)$/.exec(value) : null;
  return m ? { entity: m[1] as BoundEntity, id: Number(m[2]) } : null;
}

export function mailRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/mail', requireUser);

  /** The compose form as composeView() starts it, or with what was posted (`values`) and its errors. */
  const showCompose = (req: Request, res: Response, target: Parameters<typeof composeView>[2], values: Record<string, unknown> | null, errors: FieldErrors = {}, back = '') => {
    const view = composeView(ctx, currentUser(req), target);
    const shown = values ?? { ...view.values, back };
    res.page('mail/compose', { title: view.reply ? req.t('mail.compose.replyTitle') : req.t('mail.compose.title'), ...view, values: shown, errors, back: typeof shown.back === 'string' ? shown.back : '' });
  };

  /** The compose form: ?entity=contact&id=5, with &reply=<message> to answer and &template=<id> to start from a template. */
  r.get('/mail/compose', (req, res) => {
    const query = composeQuery.safeParse(req.query);
    if (!query.success) throw new NotFoundError();
    const { entity, id, reply, template, back, document } = query.data;
    showCompose(req, res, { entity, id, reply, template, documents: document ? [document] : [] }, null, {}, back ?? '');
  });

  r.post(SEND_PATH, async (req, res) => {
    const smtp = smtpServer(ctx);
    const upload = await receiveUploads(req, { field: 'attachments', dir: uploadDir(ctx.config.dataDir), maxBytes: (smtp?.maxAttachmentBytes ?? 10 * 1024 * 1024) + 1, maxFiles: MAX_FILES }).catch((err: unknown) => {
      if (err instanceof AppError && err.status === 413) throw new AppError(413, 'mail.error.uploadTooLarge');
      throw err;
    });
    const discard = (files: UploadedFile[]) => files.forEach((f) => fs.rmSync(f.file, { force: true }));
    if (!csrfValid(ctx, req, typeof upload.fields._csrf === 'string' ? upload.fields._csrf : undefined)) {
      discard(upload.files);
      throw new ForbiddenError('error.csrf');
    }
    const posted = withTypedRecipients(upload.fields);
    const form = parseForm(composeForm, posted);
    const target = { entity: boundEntities.find((e) => e === upload.fields.entity) ?? 'contact', id: Number(upload.fields.entityId) || 0 };
    const again = (errors: FieldErrors) => {
      discard(upload.files);
      const documents = [upload.fields.documents ?? []].flat().map(parseDocRef).filter((d) => d !== null);
      showCompose(req, res.status(422), { ...target, reply: Number(upload.fields.reply) || undefined, documents }, upload.fields, { ...errors, ...(upload.files.length ? { attachments: { key: 'mail.error.attachAgain' } } : {}) });
    };
    if (!form.ok) return again(form.errors);
    try {
      const { message, delivery } = await sendFromRecord(ctx, currentUser(req), form.data, upload.files);
      if (delivery.outcome === 'sent') res.flash('mail.sent', { subject: message.subject });
      else if (delivery.outcome === 'busy') res.flash('mail.queued', { subject: message.subject });
      else res.flash('mail.notSentYet', { subject: message.subject, error: delivery.error }, 'error');
      res.go(safeNext(form.data.back || recordLink(form.data.entity, form.data.entityId)));
    } catch (err) {
      if (err instanceof ValidationError) return again(err.fields);
      discard(upload.files);
      throw err;
    }
  });

  /** A record's e-mail card: its threads (the record page loads it; alone it is a page of its own). */
  r.get('/mail/record/:entity/:id', (req, res) => {
    const entity = boundEntities.find((e) => e === req.params.entity);
    if (!entity) throw new NotFoundError();
    const view = recordThreads(ctx, currentUser(req), entity, idParam(req));
    if (req.get('HX-Request')) return res.fragment('mail/_threads', { mail: view });
    res.page('mail/record', { title: req.t('mail.card.title'), mail: view, recordLink: recordLink(entity, view.id) });
  });

  /** The e-mail of an activity (links in journals and notifications go through the activity). */
  r.get('/mail/activity/:id', (req, res) => {
    const activity = activityFor(ctx, currentUser(req), idParam(req), 'read');
    const m = q.messageOfActivity(ctx.db, activity.id);
    if (!m) throw new NotFoundError();
    res.go(`/mail/${m.id}`);
  });

  r.get('/mail/attachments/:id', (req, res) => {
    const a = attachmentFor(ctx, currentUser(req), idParam(req));
    res.set('Content-Type', 'application/octet-stream');
    res.set('X-Content-Type-Options', 'nosniff');
    // Always a download: a stored attachment is never shown as a page of this site.
    res.attachment(a.filename);
    res.sendFile(storedFile(ctx.config.dataDir, a.storedPath));
  });

  /** The thread of a message; ?record=contact:5 is the record it was opened from (replies are written there). */
  r.get('/mail/:id', (req, res) => {
    const view = threadView(ctx, currentUser(req), idParam(req), recordParam(req.query.record));
    res.page('mail/thread', { title: view.subject, ...view, openedId: idParam(req) });
  });

  /** "Send again": a failed or waiting message gets a fresh series of attempts, the first one now. */
  r.post('/mail/:id/retry', async (req, res) => {
    const user = currentUser(req);
    const m = visibleMessage(ctx, user, idParam(req));
    if (!mayActOn(ctx, user, m) || m.direction !== 'out' || m.status === 'sent') throw new ForbiddenError();
    requeue(ctx, m.id);
    const delivery = await deliver(ctx, m.id);
    if (delivery.outcome === 'sent') res.flash('mail.sent', { subject: m.subject });
    else if (delivery.outcome !== 'busy') res.flash('mail.notSentYet', { subject: m.subject, error: delivery.error }, 'error');
    res.go(safeNext(typeof req.body?.back === 'string' ? req.body.back : `/mail/${m.id}`));
  });

  return r;
}
