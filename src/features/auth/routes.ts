import { Router } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppContext } from '../../context.js';
import { deleteSession } from '../../platform/auth/sessions.js';
import { SESSION_COOKIE, clearCookie, setCookie } from '../../platform/http/cookies.js';
import { renewCsrfCookie } from '../../platform/http/csrf.js';
import { signInForm, safeNext } from './form.js';
import { signIn } from './service.js';

export function authRoutes(ctx: AppContext): Router {
  const r = Router();

  r.get('/login', (req, res) => {
    if (req.user) return res.go('/');
    res.page('auth/login', { title: req.t('auth.signIn'), values: { next: req.query.next }, bare: true });
  });

  r.post('/login', async (req, res) => {
    const input = signInForm.parse(req.body ?? {});
    const result = await signIn(ctx, { email: input.email, password: input.password, ip: req.ip ?? '', userAgent: req.get('user-agent') });
    if (result.ok) {
      setCookie(req, res, SESSION_COOKIE, result.token);
      renewCsrfCookie(req, res);
      return res.go(safeNext(input.next));
    }
    if (result.reason === 'invalid' && result.delayMs > 0) await sleep(result.delayMs);
    const error = result.reason === 'locked' ? req.t('auth.locked', { minutes: result.minutes }) : req.t('auth.invalid');
    res.status(result.reason === 'locked' ? 429 : 401);
    res.page('auth/login', { title: req.t('auth.signIn'), values: { email: input.email, next: input.next }, formError: error, bare: true });
  });

  r.post('/logout', (req, res) => {
    if (req.sessionId) deleteSession(ctx.db, req.sessionId);
    clearCookie(req, res, SESSION_COOKIE);
    renewCsrfCookie(req, res);
    res.go('/login');
  });

  return r;
}
