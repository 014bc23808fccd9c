import type { NextFunction, Request, Response } from 'express';
import type { AppContext } from '../../context.js';
import { findSession, touchSession } from '../auth/sessions.js';
import { SESSION_COOKIE, clearCookie, readCookies } from './cookies.js';

/** How often the last-seen time is written: one write a minute per session, not one per request. */
const TOUCH_EVERY_MS = 60_000;

export function loadSession(ctx: AppContext) {
  const idleMs = ctx.config.sessionIdleMinutes * 60_000;
  return (req: Request, res: Response, next: NextFunction) => {
    const token = readCookies(req)[SESSION_COOKIE];
    if (token) {
      const now = ctx.clock.now();
      const found = findSession(ctx.db, token, now, idleMs);
      if (found) {
        req.user = found.user;
        req.sessionId = found.sessionId;
        if (now - found.lastSeenAt > TOUCH_EVERY_MS) touchSession(ctx.db, found.sessionId, now);
      } else {
        clearCookie(req, res, SESSION_COOKIE);
      }
    }
    next();
  };
}
