import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireCapability, requireUser } from '../../platform/http/guards.js';
import type { SmtpAnswer } from '../../integrations/smtp.js';
import { mailSettingsForm, smtpSecurities, userMailForm } from './form.js';
import { mailSettingsValues, saveMailSettings, saveUserMail, sendTestMessage, userMailValues } from './service.js';
import { sendSaveAddresses } from '../mailboxes/queries.js';

/** Settings → E-mail (the SMTP server, the exclusion list) and My account → E-mail (name and signature). */
export function mailSettingsRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/settings/mail', requireUser, requireCapability('settings'));
  r.use('/account/mail', requireUser);

  const show = (req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors = {}, answer: SmtpAnswer | null = null) => {
    const stored = mailSettingsValues(ctx, currentUser(req));
    res.page('mail-settings/form', { title: req.t('mail.settings.title'), values: { ...values, hasPassword: stored.hasPassword }, errors, answer, securities: smtpSecurities });
  };

  r.get('/settings/mail', (req, res) => show(req, res, mailSettingsValues(ctx, currentUser(req))));

  r.post('/settings/mail', (req, res) => {
    const form = parseForm(mailSettingsForm, req.body);
    if (!form.ok) return show(req, res.status(422), form.values, form.errors);
    saveMailSettings(ctx, currentUser(req), form.data);
    res.flash('mail.settings.saved');
    res.go('/settings/mail');
  });

  /** Sends a test message with the settings as typed, without saving them, and shows what the server answered. */
  r.post('/settings/mail/test', async (req, res) => {
    const form = parseForm(mailSettingsForm, req.body);
    if (!form.ok) return show(req, res.status(422), form.values, form.errors);
    try {
      const answer = await sendTestMessage(ctx, currentUser(req), form.data);
      show(req, res, form.values, {}, answer);
    } catch (err) {
      if (err instanceof ValidationError) return show(req, res.status(422), form.values, err.fields);
      throw err;
    }
  });

  const showMine = (req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors = {}) =>
    res.page('mail-settings/mine', { title: req.t('mail.mine.title'), values, errors, sendSave: sendSaveAddresses(ctx.db) });

  r.get('/account/mail', (req, res) => showMine(req, res, userMailValues(ctx, currentUser(req))));

  r.post('/account/mail', (req, res) => {
    const form = parseForm(userMailForm, req.body);
    if (!form.ok) return showMine(req, res.status(422), form.values, form.errors);
    saveUserMail(ctx, currentUser(req), form.data);
    res.flash('mail.mine.saved');
    res.go('/account/mail');
  });

  return r;
}
