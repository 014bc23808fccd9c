import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { deleteUserSessions } from '../../platform/auth/sessions.js';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import { ValidationError } from '../../platform/errors.js';
import type { Locale } from '../../platform/i18n/index.js';
import { findUser, updateUser } from '../users/queries.js';
import { passwordError } from '../users/service.js';

export function setLanguage(ctx: AppContext, user: CurrentUser, locale: Locale): void {
  updateUser(ctx.db, user.id, { locale, updatedAt: ctx.clock.now() });
}

/** Changing one's own password ends every other session of that user; the current one stays. */
export async function changePassword(
  ctx: AppContext,
  user: CurrentUser,
  sessionId: string,
  input: { currentPassword: string; password: string },
): Promise<void> {
  const row = findUser(ctx.db, user.id)!;
  if (!(await verifyPassword(row.passwordHash, input.currentPassword))) {
    throw new ValidationError({ currentPassword: { key: 'account.error.wrongPassword' } });
  }
  const pw = passwordError(input.password, row.email);
  if (pw) throw new ValidationError({ password: pw });
  const passwordHash = await hashPassword(input.password);
  ctx.sqlite.transaction(() => {
    updateUser(ctx.db, user.id, { passwordHash, updatedAt: ctx.clock.now() });
    deleteUserSessions(ctx.db, user.id, sessionId);
  })();
}
