import type { CurrentUser } from './auth/sessions.js';
import { ForbiddenError } from './errors.js';

/**
 * The one place that decides what a user may do. For now only "settings" (administration) exists;
 * the access-rights issue extends this module with per-entity scopes and row conditions.
 */
export type Capability = 'settings';

export function may(user: CurrentUser, capability: Capability): boolean {
  switch (capability) {
    case 'settings':
      return user.isAdmin;
  }
}

export function assertMay(user: CurrentUser, capability: Capability): void {
  if (!may(user, capability)) throw new ForbiddenError();
}
