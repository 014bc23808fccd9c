import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import fs from 'node:fs';
import { installationSecret } from '../../context.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { csrfValid } from '../../platform/http/csrf.js';
import { receiveUpload } from '../../platform/http/upload.js';
import { audit } from '../../platform/audit.js';
import { BackupError, restoreLive } from '../backup/service.js';
import { createSession } from '../../platform/auth/sessions.js';
import { SESSION_COOKIE, setCookie } from '../../platform/http/cookies.js';
import { renewCsrfCookie } from '../../platform/http/csrf.js';
import { setLanguageCookie } from '../../platform/http/request.js';
import { parseForm } from '../../platform/forms.js';
import { currencies, currencyName, popularCurrencies, serverTimeZone, timeZones } from '../../platform/format.js';
import { setupForm } from './form.js';
import { completeSetup, setupPending } from './service.js';

/** A backup archive uploaded to the wizard may be this large (the database and stored files, compressed). */
const MAX_RESTORE_UPLOAD = 8 * 1024 ** 3;

export function setupRoutes(ctx: AppContext): Router {
  const r = Router();

  r.use('/setup', (_req, _res, next) => next(setupPending(ctx) ? undefined : new NotFoundError()));
  r.use('/setup/restore', (_req, _res, next) => next(setupPending(ctx) ? undefined : new NotFoundError()));

  const show = (req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors = {}, restoreError?: string) => {
    const codes = currencies();
    const currencyOptions = [...popularCurrencies, ...codes.filter((c) => !popularCurrencies.includes(c))].map((code) => ({
      code,
      name: currencyName(code, req.locale),
    }));
    res.page('setup/wizard', {
      title: req.t('setup.title'),
      bare: true,
      values: { timeZone: serverTimeZone(), baseCurrency: 'RUB', ...values, locale: req.locale },
      errors,
      timeZones: timeZones(),
      currencyOptions,
      restoreError,
    });
  };

  r.get('/setup', (req, res) => show(req, res, {}));

  r.post('/setup/restore', async (req, res) => {
    const upload = await receiveUpload(req, { field: 'backup', dir: ctx.config.dataDir, maxBytes: MAX_RESTORE_UPLOAD });
    try {
      if (!csrfValid(ctx, req, upload.fields._csrf)) throw new ForbiddenError('error.csrf');
      if (!upload.file || fs.statSync(upload.file).size === 0) return show(req, res.status(422), {}, {}, req.t('setup.restoreNoFile'));
      try {
        const manifest = await restoreLive(ctx, upload.file);
        ctx.secret = installationSecret(ctx.db);
        audit(ctx.db, { userId: null, ip: req.ip ?? null }, 'backup.restored', ctx.clock.now(), { version: manifest.version, createdAt: manifest.createdAt });
        res.flash('setup.restored', { date: req.fmt.dateTime(manifest.createdAt) });
        return res.go('/login');
      } catch (err) {
        if (err instanceof BackupError) {
          return show(req, res.status(422), {}, {}, req.t('setup.restoreFailed', { reason: req.t(`backup.error.${err.reason}`) }));
        }
        throw err;
      }
    } finally {
      if (upload.file) fs.rmSync(upload.file, { force: true });
    }
  });

  r.post('/setup', async (req, res) => {
    const form = parseForm(setupForm, req.body);
    if (!form.ok) return show(req, res.status(422), form.values, form.errors);
    try {
      const admin = await completeSetup(ctx, form.data);
      const token = createSession(ctx.db, admin.id, ctx.clock.now(), { ip: req.ip, userAgent: req.get('user-agent') });
      setCookie(req, res, SESSION_COOKIE, token);
      renewCsrfCookie(req, res);
      setLanguageCookie(req, res, form.data.locale);
      res.flash('setup.done');
      res.go('/');
    } catch (err) {
      if (err instanceof ValidationError) return show(req, res.status(422), form.values, err.fields);
      if (err instanceof ConflictError) {
        res.flash('setup.alreadyDone', {}, 'error');
        return res.go('/login');
      }
      throw err;
    }
  });

  return r;
}

/** Until setup is finished every page leads to the wizard (health checks and static files excepted). */
export function setupGate(ctx: AppContext) {
  return (req: Request, res: Response, next: () => void) => {
    if (req.path === '/setup' || req.path === '/setup/restore' || req.path.startsWith('/static/') || req.path === '/healthz') return next();
    if (setupPending(ctx)) return res.go('/setup');
    next();
  };
}
