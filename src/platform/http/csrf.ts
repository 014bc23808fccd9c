import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { AppContext } from '../../context.js';
import { ForbiddenError } from '../errors.js';
import { CSRF_COOKIE, readCookies, setCookie } from './cookies.js';

/**
 * CSRF protection: a random per-browser cookie, and a token that is its HMAC under the installation
 * secret. Forms send the token as `_csrf`, htmx as the X-CSRF-Token header (static/app.js adds it).
 * Knowing or planting the cookie is not enough to forge the token. The cookie is renewed at sign-in
 * and sign-out.
 */
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const cookieValues = new WeakMap<Request, string>();

/** Signed values of recent cookies, per secret: every page carries the token, and an HMAC costs more than the rest of a small page. */
const signedBySecret = new WeakMap<Buffer, Map<string, string>>();
const SIGNED_CACHE = 1000;

function sign(ctx: AppContext, value: string): string {
  let signed = signedBySecret.get(ctx.secret);
  if (!signed) signedBySecret.set(ctx.secret, (signed = new Map()));
  const hit = signed.get(value);
  if (hit) return hit;
  const token = crypto.createHmac('sha256', ctx.secret).update(value).digest('base64url');
  if (signed.size >= SIGNED_CACHE) signed.delete(signed.keys().next().value!);
  signed.set(value, token);
  return token;
}

export function renewCsrfCookie(req: Request, res: Response): void {
  const value = crypto.randomBytes(24).toString('base64url');
  cookieValues.set(req, value);
  setCookie(req, res, CSRF_COOKIE, value);
}

export function csrfToken(ctx: AppContext, req: Request, res: Response): string {
  let value = cookieValues.get(req) ?? readCookies(req)[CSRF_COOKIE];
  if (!value) {
    renewCsrfCookie(req, res);
    value = cookieValues.get(req)!;
  }
  return sign(ctx, value);
}

export function csrfValid(ctx: AppContext, req: Request, sent: string | undefined): boolean {
  const cookie = readCookies(req)[CSRF_COOKIE];
  if (!cookie || !sent) return false;
  const expected = Buffer.from(sign(ctx, cookie));
  const given = Buffer.from(sent);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

/**
 * Checks every state-changing request. Multipart uploads cannot be read here without consuming them:
 * they pass only with the header token, or to a route that checks the `_csrf` field itself with
 * csrfValid() before it acts on anything (receiveUpload returns the fields). `exempt` names the
 * endpoints for outside callers, which authenticate their own way (platform/http/outside.ts).
 */
export function csrfCheck(ctx: AppContext, multipartRoutes: string[] = [], exempt: (req: Request) => boolean = () => false) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE.has(req.method) || exempt(req)) return next();
    if (req.is('multipart/form-data') && multipartRoutes.includes(req.path) && !req.get('X-CSRF-Token')) return next();
    const body = req.body as Record<string, unknown> | undefined;
    const sent = req.get('X-CSRF-Token') ?? (typeof body?._csrf === 'string' ? body._csrf : undefined);
    if (csrfValid(ctx, req, sent)) return next();
    next(new ForbiddenError('error.csrf'));
  };
}
