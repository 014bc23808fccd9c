import { z } from 'zod';
import { fields } from '../../platform/forms.js';

const optionalId = () =>
  z
    .string()
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .pipe(z.number().int().positive('validation.invalid').nullable());

export const departmentForm = z.object({
  name: fields.requiredText(120),
  parentId: optionalId(),
  headUserId: optionalId(),
});

export type DepartmentInput = z.infer<typeof departmentForm>;
