import { z } from 'zod';
import { notificationKinds, type NotificationKind } from '../../platform/notifications/index.js';

/** "Also by e-mail": the checked kinds; anything but a known kind is refused. */
export const emailPrefsForm = z.object({
  email: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .refine((v) => v.every((k) => (notificationKinds as readonly string[]).includes(k)), 'validation.invalid')
    .transform((v) => v as NotificationKind[]),
});

/** The list's page: before a notification id (newest first). */
export const listQuery = z.object({
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

/** Where a live stream resumes: the Last-Event-ID header (set by the browser on a reconnect) wins over ?after=. */
export function resumeAfter(lastEventId: string | undefined, after: unknown): number | null {
  for (const v of [lastEventId, after]) {
    if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v);
  }
  return null;
}
