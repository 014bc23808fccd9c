import { z } from 'zod';
import type { Draft } from './kinds.js';
import type { DupEntity } from './queries.js';

const text = z.string().trim().max(300).optional().catch(undefined);
const values = z
  .union([z.array(z.unknown()), z.record(z.string(), z.unknown())])
  .optional()
  .catch(undefined)
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : Object.values(v)))
  .pipe(z.array(z.object({ value: z.string().trim().max(200).catch('') }).catch({ value: '' })));

/**
 * What a create form holds so far, read leniently (the form may be half-filled or invalid while the
 * user types): names as the record would be named, phones and e-mails as typed.
 */
const draftShape = z.object({
  title: text,
  lastName: text,
  firstName: text,
  middleName: text,
  companyTitle: text,
  comms: z.object({ phone: values, email: values }).partial().optional().catch(undefined),
});

export function draftFromBody(entity: DupEntity, body: unknown): Draft {
  const raw = draftShape.parse(body && typeof body === 'object' ? body : {});
  const person = [raw.lastName, raw.firstName, raw.middleName].filter(Boolean).join(' ') || null;
  const comms = (['phone', 'email'] as const).flatMap((kind) => (raw.comms?.[kind] ?? []).filter((r) => r.value !== '').map((r) => ({ kind, value: r.value })));
  return {
    name: entity === 'company' ? raw.title || null : person,
    companyTitle: entity === 'lead' ? raw.companyTitle || null : null,
    comms,
  };
}

/**
 * The create form's answer to the duplicates panel: "save anyway", or "save and merge" with one of
 * the candidates (then the new record opens in the merge with that one).
 */
export const confirmForm = z.object({
  saveAnyway: z.string().optional().transform((v) => v !== undefined).catch(false),
  mergeWith: z.coerce.number().int().positive().optional().catch(undefined),
});

/** The merge page: per field, whose value to keep. */
export const mergeForm = z.object({
  pick: z.record(z.string(), z.enum(['kept', 'other']).catch('kept')).optional().catch(undefined).transform((v) => v ?? {}),
});

export const entityParam = z.enum(['lead', 'contact', 'company']);
