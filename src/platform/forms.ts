import { z } from 'zod';
import { parseDay } from './dates.js';
import type { FieldErrors } from './errors.js';
import type { MessageKey } from './i18n/index.js';

/**
 * Form parsing: zod schemas whose messages are translation keys. Returns the typed data, or field
 * errors plus the raw values so the form can be shown again with what the user typed.
 */
export type FormResult<T> =
  | { ok: true; data: T; values: Record<string, unknown> }
  | { ok: false; errors: FieldErrors; values: Record<string, unknown> };

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data, values: raw };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    // Nested fields are named by their path: "comms.phone".
    const field = issue.path.length ? issue.path.join('.') : '_form';
    if (errors[field]) continue;
    const key = (issue.message.startsWith('validation.') ? issue.message : 'validation.invalid') as MessageKey;
    const params =
      issue.code === 'custom'
        ? (issue.params as Record<string, string | number> | undefined)
        : issue.code === 'too_big' || issue.code === 'too_small'
          ? { n: Number((issue as { maximum?: number; minimum?: number }).maximum ?? (issue as { minimum?: number }).minimum) }
          : undefined;
    errors[field] = params ? { key, params } : { key };
  }
  return { ok: false, errors, values: raw };
}

/** Common field shapes. Text is trimmed; an empty optional field becomes null. */
export const fields = {
  requiredText: (max = 200) =>
    z.string({ message: 'validation.required' }).trim().min(1, 'validation.required').max(max, 'validation.tooLong'),
  optionalText: (max = 500) =>
    z
      .string()
      .trim()
      .max(max, 'validation.tooLong')
      .optional()
      .transform((v) => (v ? v : null)),
  email: () =>
    z
      .string({ message: 'validation.required' })
      .trim()
      .min(1, 'validation.required')
      .max(254, 'validation.tooLong')
      .toLowerCase()
      .pipe(z.email('validation.email')),
  /** Checkbox lists and multi-selects arrive as a string or an array of strings. */
  idList: () =>
    z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
      .pipe(z.array(z.string().regex(/^[1-9]\d{0,15}$/, 'validation.invalid').transform(Number))),
  /** A select of records or list items: empty means none. */
  optionalId: () =>
    z
      .string()
      .optional()
      .transform((v) => (v ? Number(v) : null))
      .pipe(z.number().int().positive('validation.invalid').nullable()),
  checkbox: () =>
    z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => v !== undefined),
  optionalDay: () =>
    z
      .string()
      .trim()
      .optional()
      .transform((v, check) => {
        if (!v) return null;
        const day = parseDay(v);
        if (!day) check.addIssue({ code: 'custom', message: 'validation.date' });
        return day;
      }),
  /** A required day, typed in the user's writing or as YYYY-MM-DD; read as YYYY-MM-DD. */
  day: () =>
    z
      .string({ message: 'validation.date' })
      .transform((v, check) => {
        const day = parseDay(v);
        if (!day) check.addIssue({ code: 'custom', message: 'validation.date' });
        return day ?? '';
      }),
};
