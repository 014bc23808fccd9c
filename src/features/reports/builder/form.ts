import { z } from 'zod';
import { fields } from '../../../platform/forms.js';
import { definitionFromForm } from './definition.js';

/** The builder form's post: the report's name, the roles it is shared with, its definition (checked by the service) and, when editing, which report. */
export interface BuilderForm {
  id: number | null;
  name: string;
  roleIds: number[];
  definition: unknown;
  values: Record<string, unknown>;
}

const roles = fields.idList().catch([]);
const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable().catch(null);

export function builderForm(body: unknown): BuilderForm {
  const values = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return {
    id: values.id ? id.parse(values.id) : null,
    name: typeof values.name === 'string' ? values.name.trim() : '',
    roleIds: roles.parse(values.roles),
    definition: definitionFromForm(values),
    values,
  };
}
