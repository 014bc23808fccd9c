import { z } from 'zod';
import { fields } from '../../platform/forms.js';

export const commentForm = z.object({
  entity: z.enum(['lead', 'contact', 'company', 'deal']),
  entityId: z.coerce.number().int().positive(),
  text: fields.requiredText(5000),
  /** Where to return (the activity stream); the record's page when absent. */
  back: z.string().optional(),
});

export type CommentInput = z.infer<typeof commentForm>;
