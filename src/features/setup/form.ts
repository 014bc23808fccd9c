import { z } from 'zod';
import { fields } from '../../platform/forms.js';
import { currencies, isTimeZone } from '../../platform/format.js';
import { locales } from '../../platform/i18n/index.js';
import { passwordError } from '../users/service.js';

export const setupForm = z
  .object({
    locale: z.enum(locales, { message: 'validation.invalid' }),
    fullName: fields.requiredText(120),
    email: fields.email(),
    // Checked with the other fields, so a short password is reported along with everything else (the e-mail rule waits for the service).
    password: z
      .string()
      .min(1, 'validation.required')
      .superRefine((password, check) => {
        const problem = passwordError(password);
        if (problem) check.addIssue({ code: 'custom', message: problem.key, params: problem.params });
      }),
    passwordConfirm: z.string(),
    companyName: fields.requiredText(200),
    legalName: fields.optionalText(300),
    taxId: fields.optionalText(40),
    address: fields.optionalText(500),
    phone: fields.optionalText(40),
    timeZone: z.string().trim().refine(isTimeZone, 'validation.timeZone'),
    // The picker shows "RUB — Russian ruble"; the code is what counts.
    baseCurrency: z
      .string()
      .trim()
      .transform((v) => v.slice(0, 3).toUpperCase())
      .refine((v) => currencies().includes(v), 'validation.currency'),
  })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'validation.passwordMismatch' });

export type SetupInput = z.infer<typeof setupForm>;
