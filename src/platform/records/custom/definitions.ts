import type { customFields } from '../../../db/schema/index.js';

/** The entities that carry custom fields, and the kinds of field an admin may define. */
export const customEntities = ['lead', 'contact', 'company', 'deal'] as const;
export type CustomEntity = (typeof customEntities)[number];

export const customTypes = ['string', 'text', 'number', 'money', 'date', 'datetime', 'boolean', 'list', 'multi', 'link'] as const;
export type CustomType = (typeof customTypes)[number];

export const linkTargets = ['user', 'contact', 'company'] as const;
export type LinkTarget = (typeof linkTargets)[number];

export interface CustomOption {
  id: number;
  label: string;
}

/** A definition as the rest of the code uses it: options parsed, the link target typed. */
export interface CustomDef {
  id: number;
  entity: CustomEntity;
  code: string;
  label: string;
  type: CustomType;
  required: boolean;
  options: CustomOption[];
  target: LinkTarget | null;
  sort: number;
  active: boolean;
}

export type CustomFieldRow = typeof customFields.$inferSelect;

export function toDef(row: CustomFieldRow): CustomDef {
  return {
    id: row.id,
    entity: row.entity as CustomEntity,
    code: row.code,
    label: row.label,
    type: row.type as CustomType,
    required: row.required,
    options: JSON.parse(row.options) as CustomOption[],
    target: row.target as LinkTarget | null,
    sort: row.sort,
    active: row.active,
  };
}

/** The form input of a field: top-level, so a picker (which names its inputs by field) works for links. */
export const inputName = (code: string): string => `cf_${code}`;

/** A record's stored values; an unreadable column counts as empty rather than breaking the page. */
export function storedValues(json: string | null | undefined): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(json ?? '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
