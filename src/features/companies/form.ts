import { z } from 'zod';
import { fields } from '../../platform/forms.js';
import { commsField } from '../../platform/records/communications.js';
import { customInput, withCustom } from '../../platform/records/custom/index.js';


const digits = (min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(z.string().regex(new RegExp(`^\\d{${min},${max}}$`), 'validation.digits').nullable());

export const companyForm = withCustom(z.object({
  title: fields.requiredText(200),
  typeId: fields.optionalId(),
  industryId: fields.optionalId(),
  responsibleId: z.coerce.number({ message: 'validation.required' }).int().positive('validation.required'),
  legalName: fields.optionalText(300),
  taxId: digits(10, 12),
  kpp: digits(9, 9),
  ogrn: digits(13, 15),
  bankName: fields.optionalText(200),
  bankBik: digits(9, 9),
  bankAccount: digits(20, 20),
  corrAccount: digits(20, 20),
  legalAddress: fields.optionalText(500),
  address: fields.optionalText(500),
  comments: fields.optionalText(5000),
  comms: commsField,
  custom: customInput,
}));

export type CompanyInput = z.infer<typeof companyForm>;

