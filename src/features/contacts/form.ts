import { z } from 'zod';
import { fields } from '../../platform/forms.js';
import { commsField } from '../../platform/records/communications.js';
import { customInput, withCustom } from '../../platform/records/custom/index.js';


export const contactForm = withCustom(
  z.object({
    lastName: fields.optionalText(100),
    firstName: fields.optionalText(100),
    middleName: fields.optionalText(100),
    position: fields.optionalText(200),
    typeId: fields.optionalId(),
    sourceId: fields.optionalId(),
    birthday: fields.optionalDay(),
    responsibleId: z.coerce.number({ message: 'validation.required' }).int().positive('validation.required'),
    companyIds: fields.idList(),
    comments: fields.optionalText(5000),
    comms: commsField,
    custom: customInput,
  }),
).refine((c) => c.lastName || c.firstName, { path: ['lastName'], message: 'validation.nameRequired' });

export type ContactInput = z.infer<typeof contactForm>;

/** "Last First Middle", as lists show and sort contacts. */
export function fullNameOf(c: { lastName: string | null; firstName: string | null; middleName: string | null }): string {
  return [c.lastName, c.firstName, c.middleName].filter(Boolean).join(' ');
}
