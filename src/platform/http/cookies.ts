import { parse, serialize, type SerializeOptions } from 'cookie';
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'prosto_sid';
export const CSRF_COOKIE = 'prosto_csrf';
export const LANG_COOKIE = 'prosto_lang';
export const FLASH_COOKIE = 'prosto_flash';

export function readCookies(req: Request): Record<string, string | undefined> {
  return parse(req.headers.cookie ?? '');
}

/** HttpOnly, SameSite=Lax, Secure under HTTPS; session cookies unless maxAge is given. */
export function setCookie(req: Request, res: Response, name: string, value: string, extra: SerializeOptions = {}): void {
  res.append('Set-Cookie', serialize(name, value, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', ...extra }));
}

export function clearCookie(req: Request, res: Response, name: string): void {
  setCookie(req, res, name, '', { maxAge: 0 });
}
