import type { NextFunction, Request, Response } from 'express';
import type { CurrentUser } from '../auth/sessions.js';
import { assertMay, type Capability } from '../access/index.js';
import type { Actor } from '../audit.js';

/** Sends visitors without a session to the sign-in page, remembering where they were going. */
export function requireUser(req: Request, res: Response, next: NextFunction): void {
  if (req.user) return next();
  const target = req.method === 'GET' ? req.originalUrl : '/';
  res.go(`/login${target !== '/' ? `?next=${encodeURIComponent(target)}` : ''}`);
}

export function requireCapability(capability: Capability) {
  return (req: Request, _res: Response, next: NextFunction) => {
    assertMay(req.user!, capability);
    next();
  };
}

/** Who is acting, for services that record audit events. */
export function actorOf(req: Request): Actor {
  return { userId: req.user?.id ?? null, ip: req.ip ?? null };
}

/** The signed-in user; only for handlers behind requireUser. */
export function currentUser(req: Request): CurrentUser {
  if (!req.user) throw new Error('currentUser() used on a route without requireUser');
  return req.user;
}
