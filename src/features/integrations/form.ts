import { z } from 'zod';
import { fields } from '../../platform/forms.js';

export const tokenForm = z.object({
  name: fields.requiredText(100),
  userId: z.coerce.number({ message: 'validation.required' }).int().positive('validation.required'),
});
