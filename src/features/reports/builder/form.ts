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

/**
 * The period a viewer chose for a saved report in its link (pf, range, from, to), not yet checked;
 * undefined when the link says nothing of it (the report's own period applies), null for all time.
 */
export function viewedPeriod(query: Record<string, unknown>): unknown {
  if (!('pf' in query)) return undefined;
  const s = (k: string) => (typeof query[k] === 'string' ? (query[k] as string).trim().slice(0, 100) : '');
  return s('pf') ? { field: s('pf'), range: s('range') || 'all', from: s('from') || null, to: s('to') || null } : null;
}
