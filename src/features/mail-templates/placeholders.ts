/**
 * Placeholders in templates, subjects and bodies: `{{contact.name}}`, spaces inside the braces
 * allowed. A known placeholder is replaced by its value (empty when the record has none); an unknown
 * one stays as typed, and template forms refuse it so a typo is seen before anything is sent.
 * Invoice and quote values come from the document attached (mail-templates/values.ts).
 */
export const placeholders = [
  'contact.name',
  'contact.firstName',
  'contact.lastName',
  'contact.position',
  'company.title',
  'deal.title',
  'deal.amount',
  'lead.title',
  'lead.name',
  'invoice.number',
  'invoice.date',
  'invoice.total',
  'invoice.dueDate',
  'quote.number',
  'quote.total',
  'quote.date',
  'user.name',
  'user.email',
  'user.signature',
] as const;

export type Placeholder = (typeof placeholders)[number];
export type PlaceholderValues = Partial<Record<Placeholder, string | null>>;

const PATTERN = /\{\{\s*([a-zA-Z]+\.[a-zA-Z]+)\s*\}\}/g;
const known = new Set<string>(placeholders);

export function renderPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(PATTERN, (whole, name: string) => (known.has(name) ? (values[name as Placeholder] ?? '') : whole));
}

/** The placeholders of a text that are not known, each once, as typed. */
export function unknownPlaceholders(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(PATTERN)) if (!known.has(m[1]!)) out.add(m[0]);
  return [...out];
}
