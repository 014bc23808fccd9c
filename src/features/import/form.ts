import { z } from 'zod';
import { fields } from '../../platform/forms.js';
import { matchKinds, type ImportOptions } from './convert.js';

/**
 * The mapping page as posted: `map.<column>` = a field key or "" (not imported), the duplicates
 * choice and the defaults. Field keys are checked against the entity's fields by the caller.
 */
const id = z.coerce.number().int().positive();

export const mappingForm = z.object({
  duplicates: z.enum(['skip', 'update', 'create']).catch('skip'),
  matchBy: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => [...new Set([v ?? []].flat())].filter((k): k is (typeof matchKinds)[number] => (matchKinds as readonly string[]).includes(k))),
  responsibleId: id.catch(0),
  stageId: id.nullable().catch(null),
  statusId: id.nullable().catch(null),
  currency: z
    .string()
    .trim()
    .transform((v) => v.slice(0, 3).toUpperCase())
    .refine((v) => Intl.supportedValuesOf('currency').includes(v), 'validation.currency'),
  presetName: fields.optionalText(100),
  action: z.enum(['preview', 'start', 'preset', 'apply']).catch('preview'),
  presetId: z.coerce.number().int().positive().optional().catch(undefined),
});

export type MappingInput = z.infer<typeof mappingForm>;

/** `map.3` = "phone.mobile" → { 3: "phone.mobile" }, only for columns the file has and keys in `known`. */
export function readMapping(body: Record<string, unknown>, columns: number, known: Set<string>): Record<number, string> {
  const out: Record<number, string> = {};
  for (const [name, value] of Object.entries(body)) {
    const m = /^map\.(\d{1,3})$/.exec(name);
    if (!m || typeof value !== 'string' || !known.has(value)) continue;
    const index = Number(m[1]);
    if (index < columns) out[index] = value;
  }
  return out;
}

export function toOptions(input: MappingInput): ImportOptions {
  return { duplicates: input.duplicates, matchBy: input.matchBy, responsibleId: input.responsibleId, stageId: input.stageId, statusId: input.statusId, currency: input.currency };
}
