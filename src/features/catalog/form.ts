import { z } from 'zod';
import { fields } from '../../platform/forms.js';
import { PERCENT_DIGITS, parseMoney, parseScaled, scaledInput } from '../../platform/money.js';

/** VAT rates offered (basis points): 0 %, the simplified-system 5 % and 7 %, 10 %, 20 % and 22 % (from 2026); any other is typed as "custom". */
export const vatPresets = [0, 500, 700, 1000, 2000, 2200] as const;

/** A rate in basis points as people write it: 2000 → "20", 1250 → "12.5". */
export const percentText = (bp: number): string => scaledInput(bp, PERCENT_DIGITS);

/** The preset rates as a VAT select offers them. */
export const vatOptions = vatPresets.map((bp) => ({ value: String(bp), label: `${percentText(bp)} %` }));

/**
 * The VAT choice as posted: "" is "no VAT", a preset's basis points, or "custom" with the rate typed
 * beside it ("12,5"). Returns the rate in basis points, null for no VAT, or undefined when it cannot be read.
 */
export function readVat(choice: string, custom: string): number | null | undefined {
  if (choice === '') return null;
  if (choice === 'custom') {
    const bp = parseScaled(custom, PERCENT_DIGITS);
    return bp === null || bp > 10_000 ? undefined : bp;
  }
  const bp = Number(choice);
  return (vatPresets as readonly number[]).includes(bp) ? bp : undefined;
}

/** How a stored rate is posted back: a preset, or "custom" with its number. */
export function vatChoice(bp: number | null): { vat: string; vatCustom: string } {
  if (bp === null) return { vat: '', vatCustom: '' };
  if ((vatPresets as readonly number[]).includes(bp)) return { vat: String(bp), vatCustom: '' };
  return { vat: 'custom', vatCustom: percentText(bp) };
}

const currency = z
  .string()
  .trim()
  .transform((v) => v.slice(0, 3).toUpperCase())
  .refine((v) => Intl.supportedValuesOf('currency').includes(v), 'validation.currency');

/** A product as its form posts it; the price becomes minor units in the currency chosen. */
export const productForm = z
  .object({
    name: fields.requiredText(300),
    sku: fields.optionalText(100),
    sectionId: fields.optionalId(),
    description: fields.optionalText(5000),
    unitCode: fields.optionalText(10),
    price: z.string().trim().max(30).catch(''),
    currency,
    vat: z.string().catch(''),
    vatCustom: z.string().trim().max(10).catch(''),
    vatIncluded: fields.checkbox(),
    active: fields.checkbox(),
    sort: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? Number(v) : 100))
      .pipe(z.number().int('validation.wholeNumber').min(0, 'validation.wholeNumber').max(1_000_000, 'validation.wholeNumber')),
  })
  // Checked even when other fields fail, so every problem is shown at once (the currency may be unreadable then).
  .superRefine(
    (v, c) => {
      const currencyOk = typeof v.currency === 'string' && Intl.supportedValuesOf('currency').includes(v.currency);
      const price = currencyOk && typeof v.price === 'string' && v.price !== '' ? parseMoney(v.price, v.currency) : 0;
      if (price === null || price < 0) c.addIssue({ code: 'custom', path: ['price'], message: 'validation.money' });
      if (readVat(String(v.vat ?? ''), String(v.vatCustom ?? '')) === undefined) c.addIssue({ code: 'custom', path: ['vatCustom'], message: 'validation.vatRate' });
    },
    { when: () => true },
  )
  .transform(({ price, vat, vatCustom, ...rest }) => ({ ...rest, priceMinor: price === '' ? 0 : parseMoney(price, rest.currency)!, vatBp: readVat(vat, vatCustom) ?? null }));

export type ProductInput = z.infer<typeof productForm>;

export const sectionForm = z.object({
  name: fields.requiredText(200),
  parentId: fields.optionalId(),
  sort: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? Number(v) : 100))
    .pipe(z.number().int('validation.wholeNumber').min(0, 'validation.wholeNumber').max(1_000_000, 'validation.wholeNumber')),
});

export type SectionInput = z.infer<typeof sectionForm>;
