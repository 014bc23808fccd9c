import crypto from 'node:crypto';
import type { AppContext } from '../../context.js';
import { assertMay } from '../../platform/access/index.js';
import { audit, type Actor } from '../../platform/audit.js';
import { hashToken, toCurrentUser, type CurrentUser } from '../../platform/auth/sessions.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { isActiveUser } from '../../platform/records/names.js';
import { findUser } from '../users/queries.js';
import * as q from './queries.js';

/**
 * Integration tokens (Settings → Integrations): a secret an outside system sends to the lead API
 * (`Authorization: Bearer …`) or in a Bitrix24-style webhook address (/rest/<user id>/<token>/…). It
 * acts as its user — the user's rights apply to everything it does — so an administrator gives each
 * system a user with only the rights it needs. Only the token's hash is kept: it is shown once.
 */
export function createToken(ctx: AppContext, user: CurrentUser, actor: Actor, input: { name: string; userId: number }): { row: q.TokenRow; token: string } {
  assertMay(user, 'settings');
  if (!isActiveUser(ctx.db, input.userId)) throw new ValidationError({ userId: { key: 'validation.invalid' } });
  const token = crypto.randomBytes(18).toString('base64url');
  const now = ctx.clock.now();
  return ctx.sqlite.transaction(() => {
    const row = q.insertToken(ctx.db, { name: input.name, userId: input.userId, tokenHash: hashToken(token), tokenHint: token.slice(-4), createdBy: user.id, createdAt: now });
    audit(ctx.db, actor, 'integration.created', now, { id: row.id, name: row.name, userId: row.userId });
    return { row, token };
  })();
}

export function revokeToken(ctx: AppContext, user: CurrentUser, actor: Actor, id: number): void {
  assertMay(user, 'settings');
  const row = q.findToken(ctx.db, id);
  if (!row) throw new NotFoundError();
  ctx.sqlite.transaction(() => {
    q.deleteToken(ctx.db, id);
    audit(ctx.db, actor, 'integration.revoked', ctx.clock.now(), { id, name: row.name });
  })();
}

/** Who a token acts as, or null when there is no such token or its user is deactivated. */
export function tokenUser(ctx: AppContext, token: string): { token: q.TokenRow; user: CurrentUser } | null {
  if (!token) return null;
  const row = q.findTokenByHash(ctx.db, hashToken(token));
  const user = row ? findUser(ctx.db, row.userId) : null;
  if (!row || !user || !user.isActive) return null;
  q.touchToken(ctx.db, row.id, ctx.clock.now());
  return { token: row, user: toCurrentUser(ctx.db, user) };
}
