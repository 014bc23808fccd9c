import { z } from 'zod';

/** The stream's filters; anything unknown is ignored rather than refused (they come from links). */
export const streamQuery = z.object({
  entity: z.enum(['lead', 'contact', 'company', 'deal']).optional().catch(undefined),
  user: z.coerce.number().int().positive().optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

export type StreamQuery = z.infer<typeof streamQuery>;
