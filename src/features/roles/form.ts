import { z } from 'zod';
import { fields } from '../../platform/forms.js';
import { actions, entities, scopes, type Matrix } from '../../platform/access/model.js';

const scope = z.enum(scopes, { message: 'validation.invalid' }).catch('none');

/** The matrix arrives as m[entity][action] = scope; a missing cell is "none". */
const matrix = z
  .record(z.string(), z.record(z.string(), z.unknown()))
  .optional()
  .transform((m): Matrix => {
    const raw = m ?? {};
    return Object.fromEntries(entities.map((e) => [e, Object.fromEntries(actions.map((a) => [a, scope.parse(raw[e]?.[a])]))])) as Matrix;
  });

export const roleForm = z.object({
  name: fields.requiredText(80),
  m: matrix,
  maySettings: fields.checkbox(),
  mayEditCatalog: fields.checkbox(),
  /** Optional for roles written in code (seeds, tests): left out, a role may not build forms. */
  mayEditForms: fields.checkbox().optional(),
  mayExchange: fields.checkbox(),
});

export const newRoleForm = z.object({
  name: fields.requiredText(80),
  copyFrom: z
    .string()
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .pipe(z.number().int().positive('validation.invalid').nullable()),
});

/** The exchange right may be left out by callers other than the form: it then stays as it was. */
export type RoleInput = Omit<z.infer<typeof roleForm>, 'mayExchange'> & { mayExchange?: boolean };
