import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { may } from '../../platform/access/index.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { activeUsers } from '../users/queries.js';
import { collectChoices, imapSecurities, mailboxForm } from './form.js';
import type { MailboxRow } from './queries.js';
import { foldersOf } from './queries.js';
import { createMailbox, deleteMailbox, mailboxFor, mailboxes, testMailbox, updateMailbox } from './service.js';

/** Mailboxes read by IMAP: everyone connects their own; administrators see all and make the Send&Save one. */
export function mailboxRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/mailboxes', requireUser);

  r.get('/mailboxes', (req, res) => {
    const user = currentUser(req);
    res.page('mailboxes/list', { title: req.t('mailboxes.title'), mailboxes: mailboxes(ctx, user), admin: may(user, 'settings'), lastRun: ctx.jobs.lastRuns('mail-sync', 1)[0] ?? null });
  });

  const showForm = (req: Request, res: Response, mailbox: MailboxRow | null, values: Record<string, unknown>, errors: FieldErrors = {}, check: Awaited<ReturnType<typeof testMailbox>> | null = null) => {
    const user = currentUser(req);
    res.page('mailboxes/form', {
      title: mailbox ? mailbox.address : req.t('mailboxes.new'),
      mailbox,
      values,
      errors,
      check,
      securities: imapSecurities,
      collectChoices,
      admin: may(user, 'settings'),
      users: activeUsers(ctx.db),
      folderStates: mailbox ? foldersOf(ctx.db, mailbox.id) : [],
    });
  };

  const formValues = (m: MailboxRow) => ({ ...m, username: m.username, folders: (JSON.parse(m.folders) as string[]).join('\n'), collect: m.collectDays === null ? 'all' : String(m.collectDays), ownerId: String(m.ownerId), leadUserIds: (JSON.parse(m.leadUserIds) as number[]).map(String) });

  r.get('/mailboxes/new', (req, res) => {
    showForm(req, res, null, { port: '993', security: 'tls', folders: 'INBOX\nSent', collect: '3', createLeads: true, active: true, purpose: 'personal', ownerId: String(currentUser(req).id), leadResponsible: 'owner' });
  });

  const save = (req: Request, res: Response, mailbox: MailboxRow | null) => {
    const form = parseForm(mailboxForm, req.body);
    if (!form.ok) return showForm(req, res.status(422), mailbox, form.values, form.errors);
    try {
      const user = currentUser(req);
      let saved = mailbox;
      if (saved) updateMailbox(ctx, user, saved.id, form.data);
      else saved = createMailbox(ctx, user, form.data);
      res.flash('mailboxes.saved', { address: form.data.address });
      res.go(`/mailboxes/${saved.id}`);
    } catch (err) {
      if (err instanceof ValidationError) return showForm(req, res.status(422), mailbox, form.values, err.fields);
      throw err;
    }
  };

  r.post('/mailboxes', (req, res) => save(req, res, null));

  /** Reads every active mailbox now (the mail-sync job, which never runs twice at once). */
  r.post('/mailboxes/sync', async (req, res) => {
    const run = await ctx.jobs.run('mail-sync', 'manual');
    if (run.outcome === 'ok') res.flash('mailboxes.synced');
    else res.flash('mailboxes.syncFailed', { error: run.error ?? '' }, 'error');
    res.go('/mailboxes');
  });

  r.get('/mailboxes/:id', (req, res) => {
    const m = mailboxFor(ctx, currentUser(req), idParam(req));
    showForm(req, res, m, formValues(m));
  });

  r.post('/mailboxes/:id', (req, res) => save(req, res, mailboxFor(ctx, currentUser(req), idParam(req))));

  r.post('/mailboxes/:id/test', async (req, res) => {
    const m = mailboxFor(ctx, currentUser(req), idParam(req));
    showForm(req, res, m, formValues(m), {}, await testMailbox(ctx, currentUser(req), m.id));
  });

  r.post('/mailboxes/:id/delete', (req, res) => {
    const m = deleteMailbox(ctx, currentUser(req), idParam(req));
    res.flash('mailboxes.deleted', { address: m.address });
    res.go('/mailboxes');
  });

  return r;
}
