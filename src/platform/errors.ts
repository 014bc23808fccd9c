import type { MessageKey } from './i18n/index.js';

/**
 * Typed errors raised by services. The error middleware turns each into a status and a page or fragment
 * in the user's language; the message is a translation key, never an internal detail.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly messageKey: MessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(messageKey);
  }
}

export class NotFoundError extends AppError {
  constructor(messageKey: MessageKey = 'error.notFound.text') {
    super(404, messageKey);
  }
}

export class ForbiddenError extends AppError {
  constructor(messageKey: MessageKey = 'error.forbidden.text') {
    super(403, messageKey);
  }
}

export class ConflictError extends AppError {
  constructor(messageKey: MessageKey, params: Record<string, string | number> = {}) {
    super(409, messageKey, params);
  }
}

/** Field-level validation failures: field name → message key (with optional parameters). */
export type FieldErrors = Record<string, { key: MessageKey; params?: Record<string, string | number> }>;

export class ValidationError extends AppError {
  constructor(readonly fields: FieldErrors) {
    super(422, 'error.validation');
  }
}
