import { z } from 'zod';
import { fields } from '../../platform/forms.js';

export const pipelineForm = z.object({ name: fields.requiredText(80) });
export const moveForm = z.object({ direction: z.enum(['up', 'down']) });
export { rowsForm } from './rows.js';
