import { z } from 'zod';
import { fields } from '../../platform/forms.js';
import { customEntities, customTypes, linkTargets } from '../../platform/records/custom/definitions.js';

/** New options arrive one per line; existing ones as "option_<id>" inputs (emptied: removed). */
const lines = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean));

export const definitionForm = z.object({
  entity: z.enum(customEntities, { message: 'validation.invalid' }),
  label: fields.requiredText(100),
  code: z.string().trim().toLowerCase().optional().transform((v) => v ?? ''),
  type: z.enum(customTypes, { message: 'validation.required' }),
  required: fields.checkbox(),
  newOptions: lines,
  target: z.enum(linkTargets).optional().catch(undefined),
});

export type DefinitionInput = z.infer<typeof definitionForm>;

/** Editing keeps the entity, code and type: values are stored by code in the shape of the type. */
export const definitionEditForm = z.object({
  label: fields.requiredText(100),
  required: fields.checkbox(),
  newOptions: lines,
});

export type DefinitionEditInput = z.infer<typeof definitionEditForm>;

/** The renamed existing options, by id, from the "option_<id>" inputs. */
export function postedOptions(body: Record<string, unknown>): Map<number, string> {
  const out = new Map<number, string>();
  for (const [key, value] of Object.entries(body)) {
    const m = /^option_(\d{1,9})$/.exec(key);
    if (m && typeof value === 'string') out.set(Number(m[1]), value.trim().slice(0, 100));
  }
  return out;
}

export const moveForm = z.object({ direction: z.enum(['up', 'down']) });
