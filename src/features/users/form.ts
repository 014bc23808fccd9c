import { z } from 'zod';
import { fields } from '../../platform/forms.js';
import { locales } from '../../platform/i18n/index.js';

const profile = {
  fullName: fields.requiredText(120),
  email: fields.email(),
  locale: z.enum(locales, { message: 'validation.invalid' }),
  roleIds: fields.idList(),
  departmentIds: fields.idList(),
  absentUntil: fields.optionalDay(),
};

export const newUserForm = z
  .object({ ...profile, password: z.string().min(1, 'validation.required'), passwordConfirm: z.string() })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'validation.passwordMismatch' });

export const editUserForm = z.object(profile);

export const passwordForm = z
  .object({ password: z.string().min(1, 'validation.required'), passwordConfirm: z.string() })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'validation.passwordMismatch' });

export const listFilter = z.object({
  status: z.enum(['active', 'inactive', 'all']).catch('active'),
  q: z.string().trim().max(100).catch(''),
});

export type NewUserInput = z.infer<typeof newUserForm>;
export type EditUserInput = z.infer<typeof editUserForm>;
