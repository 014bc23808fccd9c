import express, { type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { AppError, ValidationError } from '../errors.js';
import { getCompany } from '../company.js';
import { translator, type MessageKey, type Translate } from '../i18n/index.js';

/**
 * The endpoints called from outside the CRM's own pages, and every exemption they get — in this one
 * place, so a reviewer sees all of them at once:
 *  - no CSRF check: nothing here acts on a session. Public forms are open to anyone by design and are
 *    guarded by their spam checks; the lead API and the webhooks authenticate by their own token;
 *  - CORS for any origin without credentials (cookies are never sent along), and answers to preflights:
 *    the embedded form submits from the customer's site, and sites call the API from browser code;
 *  - `Cross-Origin-Resource-Policy: cross-origin`, so another site may load the embed script and styles;
 *  - JSON and form-encoded bodies with PHP-style nested keys (`fields[PHONE][0][VALUE]`), size-limited;
 *  - for machine callers (`json`), errors as JSON, never an HTML page: { error, error_description }.
 */
interface OutsideEndpoint {
  pattern: RegExp;
  /** Answers machines: errors are JSON. */
  json: boolean;
  /** A body too large or unreadable reaches the route (bodyRefusal) instead of failing: a form counts and answers it in its language. */
  ownRefusals?: boolean;
}

const KEY = '[A-Za-z0-9_-]{8,64}';

export const outsideEndpoints: readonly OutsideEndpoint[] = [
  // A form's hosted page, and its no-JavaScript submission (answered with a page).
  { pattern: new RegExp(`^/forms/${KEY}(/policy)?$`), json: false, ownRefusals: true },
  // What the embed snippet loads and posts from the customer's site.
  { pattern: new RegExp(`^/forms/${KEY}/(embed\\.js|form\\.css|config|submit)$`), json: true, ownRefusals: true },
  { pattern: /^\/api\/leads\/?$/, json: true },
  // Bitrix24-compatible incoming webhooks: /rest/<user id>/<token>/<method>[.json]
  { pattern: /^\/rest\//, json: true },
];

export function outsideEndpoint(req: Request): OutsideEndpoint | undefined {
  return outsideEndpoints.find((e) => e.pattern.test(req.path));
}

/** For csrfCheck: these requests are authenticated their own way (above). */
export function exemptFromCsrf(req: Request): boolean {
  return outsideEndpoint(req) !== undefined;
}

/** Bodies of outside callers: small (a lead is a few kilobytes), nested at most a few levels deep. */
export const OUTSIDE_BODY_LIMIT = '64kb';
const json = express.json({ limit: OUTSIDE_BODY_LIMIT });
// `depth` (body-parser 2, not in its typings): `fields[PHONE][0][VALUE]` is 3 deep; deeper is refused with a 400.
const formOptions = { extended: true, limit: OUTSIDE_BODY_LIMIT, parameterLimit: 1000, depth: 5 };
const form = express.urlencoded(formOptions);

const refusals = new WeakMap<Request, number>();

/** The status (413, 400) of a body an `ownRefusals` endpoint could not take; the route sees an empty body. */
export function bodyRefusal(req: Request): number | null {
  return refusals.get(req) ?? null;
}

/** CORS, resource policy, preflights and body parsing for outside endpoints; other requests pass untouched. */
export function outsideRequests() {
  return (req: Request, res: Response, next: NextFunction) => {
    const endpoint = outsideEndpoint(req);
    if (!endpoint) return next();
    res.set('Cross-Origin-Resource-Policy', 'cross-origin');
    res.set('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS') {
      res.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.set('Access-Control-Allow-Headers', 'Content-Type, Authorization');
      res.set('Access-Control-Max-Age', '86400');
      return res.status(204).end();
    }
    const parsed = (err?: unknown) => {
      if (!err) return next();
      if (!endpoint.ownRefusals) return next(err);
      refusals.set(req, typeof err === 'object' && err && 'status' in err ? Number((err as { status: unknown }).status) : 400);
      // The stream is left unread: answering makes Node discard the rest of it.
      req.body = {};
      next();
    };
    json(req, res, (err?: unknown) => (err ? parsed(err) : form(req, res, parsed)));
  };
}

/** What a machine caller gets for an error: a code and a description in the company's language. */
export function jsonError(t: Translate, err: unknown): { status: number; body: { error: string; error_description: string; fields?: Record<string, string> } } {
  if (err instanceof ValidationError) {
    const fields = Object.fromEntries(Object.entries(err.fields).map(([name, e]) => [name, t(e.key, e.params)]));
    return { status: 400, body: { error: 'VALIDATION_ERROR', error_description: Object.entries(fields).map(([n, m]) => `${n}: ${m}`).join('; '), fields } };
  }
  if (err instanceof AppError) return { status: err.status, body: { error: codes[err.status] ?? 'ERROR', error_description: t(err.messageKey, err.params) } };
  const status = typeof err === 'object' && err && 'status' in err ? Number((err as { status: unknown }).status) : 500;
  const key: MessageKey = status === 413 ? 'error.tooLarge.text' : status >= 400 && status < 500 ? 'error.badRequest' : 'error.server.text';
  return { status: status >= 400 && status < 600 ? status : 500, body: { error: codes[status] ?? 'ERROR', error_description: t(key) } };
}

const codes: Record<number, string> = { 400: 'BAD_REQUEST', 401: 'INVALID_CREDENTIALS', 403: 'ACCESS_DENIED', 404: 'NOT_FOUND', 409: 'CONFLICT', 413: 'TOO_LARGE', 429: 'QUERY_LIMIT_EXCEEDED' };

/** Errors of outside JSON endpoints as JSON (before the page-rendering error handler). */
export function outsideErrors(ctx: AppContext) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!outsideEndpoint(req)?.json || res.headersSent) return next(err);
    // A body that cannot be read fails before the request's language is set up: the company's then.
    const t = req.t ?? translator(getCompany(ctx.db)?.locale === 'en' ? 'en' : 'ru');
    const { status, body } = jsonError(t, err);
    if (status >= 500) ctx.logger.error({ err, requestId: req.id, url: req.originalUrl }, 'request failed');
    res.status(status).json(body);
  };
}
