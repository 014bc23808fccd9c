import { z } from 'zod';
import { fields } from '../../platform/forms.js';


export const departmentForm = z.object({
  name: fields.requiredText(120),
  parentId: fields.optionalId(),
  headUserId: fields.optionalId(),
});

export type DepartmentInput = z.infer<typeof departmentForm>;
