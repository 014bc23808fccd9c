import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { setLanguageCookie } from '../../platform/http/request.js';
import { changePasswordForm, languageForm } from './form.js';
import { safeNext } from '../auth/form.js';
import { changePassword, setLanguage } from './service.js';

export function accountRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/account', requireUser);

  const show = (req: Request, res: Response, errors: FieldErrors = {}) => {
    res.page('account/index', { title: req.t('account.title'), errors });
  };

  r.get('/account', (req, res) => show(req, res));

  r.post('/account/language', (req, res) => {
    const form = parseForm(languageForm, req.body);
    if (!form.ok) return show(req, res.status(422), form.errors);
    setLanguage(ctx, currentUser(req), form.data.locale);
    setLanguageCookie(req, res, form.data.locale);
    res.go(form.data.back ? safeNext(form.data.back) : '/account');
  });

  r.post('/account/password', async (req, res) => {
    const form = parseForm(changePasswordForm, req.body);
    if (!form.ok) return show(req, res.status(422), form.errors);
    try {
      await changePassword(ctx, currentUser(req), req.sessionId!, form.data);
    } catch (err) {
      if (err instanceof ValidationError) return show(req, res.status(422), err.fields);
      throw err;
    }
    res.flash('account.passwordChanged');
    res.go('/account');
  });

  return r;
}
