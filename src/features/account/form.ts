import { z } from 'zod';
import { locales } from '../../platform/i18n/index.js';

/** `back` is the page the switch was used on (the Referer header is not sent: Referrer-Policy no-referrer). */
export const languageForm = z.object({ locale: z.enum(locales, { message: 'validation.invalid' }), back: z.string().optional() });

export const changePasswordForm = z
  .object({
    currentPassword: z.string().min(1, 'validation.required'),
    password: z.string().min(1, 'validation.required'),
    passwordConfirm: z.string(),
  })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'validation.passwordMismatch' });
