import type { z } from 'zod';
import { ValidationError } from '../errors.js';
import { parseForm } from '../forms.js';

/**
 * A stored record as its edit form would post it: ids and numbers as text, a set flag as "1", an empty
 * value left out. Nested values (communications grouped by kind, id lists) pass through.
 */
export function asFormValues(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === null || value === undefined || value === false) continue;
    if (value === true) out[key] = '1';
    else if (typeof value === 'number') out[key] = String(value);
    else out[key] = value;
  }
  return out;
}

/**
 * Changing one field in place: the stored values with the posted inputs of that field over them,
 * parsed by the entity's own form, so a field edited in place obeys exactly the rules of the full form.
 * `names` are the field's form inputs ("amount", "currency"; "comms.phone" for one kind of a nested
 * group); an input missing from `posted` is cleared (an unticked checkbox posts nothing).
 */
export function withChangedField<S extends z.ZodType>(schema: S, stored: Record<string, unknown>, posted: Record<string, unknown>, names: readonly string[]): z.infer<S> {
  const merged: Record<string, unknown> = { ...stored };
  for (const name of names) {
    const [group, key] = name.split('.') as [string, string | undefined];
    if (key === undefined) merged[group] = posted[group];
    else merged[group] = { ...(stored[group] as Record<string, unknown> | undefined), [key]: (posted[group] as Record<string, unknown> | undefined)?.[key] };
  }
  const form = parseForm(schema, merged);
  if (!form.ok) throw new ValidationError(form.errors);
  return form.data;
}
