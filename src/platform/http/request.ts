import type { NextFunction, Request, Response } from 'express';
import type { AppContext } from '../../context.js';
import { getCompany } from '../company.js';
import { formatter, serverTimeZone } from '../format.js';
import { isLocale, negotiateLocale, translator, type MessageKey } from '../i18n/index.js';
import { renderView } from '../views.js';
import { may } from '../access/index.js';
import { FLASH_COOKIE, LANG_COOKIE, clearCookie, readCookies, setCookie } from './cookies.js';
import type { Flash } from './types.js';
import { csrfToken } from './csrf.js';
import { assetUrl } from './static.js';
import { bellOf } from '../notifications/queries.js';
import { recordedText, shownName, type BuiltinKind, type Named } from '../records/builtin.js';

/**
 * Sets up what every handler and template uses: the user's language, time zone and formatters,
 * the flash message from the previous request, and the render helpers. Runs after the session middleware.
 */
export function requestLocals(ctx: AppContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    const cookies = readCookies(req);
    const company = getCompany(ctx.db);
    let langCookie = cookies[LANG_COOKIE];
    // Signed-out pages (sign-in, setup) switch language by a ?lang= link; signed-in users use their profile.
    if (!req.user && req.method === 'GET' && isLocale(req.query.lang)) {
      langCookie = req.query.lang;
      setLanguageCookie(req, res, langCookie);
    }
    req.locale = req.user?.locale ?? (isLocale(langCookie) ? langCookie : undefined) ?? (company ? (company.locale as 'ru' | 'en') : negotiateLocale(req.headers['accept-language']));
    req.timeZone = req.user?.timeZone ?? company?.timeZone ?? serverTimeZone();
    req.t = translator(req.locale);
    req.fmt = formatter(req.locale, req.timeZone);

    let flash: Flash | null = null;
    if (cookies[FLASH_COOKIE]) {
      try {
        flash = JSON.parse(cookies[FLASH_COOKIE]) as Flash;
      } catch {
        flash = null;
      }
      clearCookie(req, res, FLASH_COOKIE);
    }

    const base = () => ({
      t: req.t,
      fmt: req.fmt,
      locale: req.locale,
      user: req.user ?? null,
      company,
      csrfToken: csrfToken(ctx, req, res),
      asset: assetUrl,
      path: req.path,
      // Where the language switch returns to: only a page that can be opened again (a GET).
      url: req.method === 'GET' ? req.originalUrl : '',
      flash,
      // The header's bell: read only when the layout draws it, so fragments cost nothing.
      bell: () => (req.user ? bellOf(ctx.db, req.user.id) : { unread: 0, latest: 0 }),
      may: (capability: Parameters<typeof may>[1]) => (req.user ? may(req.user, capability) : false),
      // A stage, status, pipeline or reference item by the name this reader sees; a history value likewise.
      named: (kind: BuiltinKind, row: Named) => shownName(req.locale, kind, row),
      recorded: (value: string | null) => recordedText(req.locale, value),
      errors: {},
      values: {},
    });
    res.fragment = (view, locals = {}) => {
      res.type('html').send(renderView(view, { ...base(), ...locals }));
    };
    res.page = (view, locals = {}) => {
      const all = { ...base(), ...locals };
      const body = renderView(view, all);
      res.type('html').send(renderView('layout', { ...all, body }));
    };
    res.flash = (key: MessageKey, params, kind = 'ok') => {
      setCookie(req, res, FLASH_COOKIE, JSON.stringify({ key, params, kind }));
    };
    res.go = (url) => {
      if (req.get('HX-Request')) res.set('HX-Redirect', url).status(204).end();
      else res.redirect(303, url);
    };
    next();
  };
}

export function setLanguageCookie(req: Request, res: Response, locale: string): void {
  setCookie(req, res, LANG_COOKIE, locale, { maxAge: 365 * 24 * 3600 });
}
