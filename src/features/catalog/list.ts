import { sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { memo } from '../../db/memo.js';
import { products } from '../../db/schema/index.js';
import { flattenTree } from '../../platform/tree.js';
import { translator, type Locale, type MessageKey } from '../../platform/i18n/index.js';
import { column, namesOf, timeFields } from '../../platform/records/list/common.js';
import { field, type Choice, type ListField } from '../../platform/records/list/fields.js';
import { allSections } from './queries.js';
import { unitCodes } from './units.js';

/** Sections as filter choices, in tree order, each indented by its depth. */
function sectionChoices(db: Db): Choice[] {
  return memo(db, 'choices.sections', () =>
    flattenTree(allSections(db), (a, b) => a.sort - b.sort || a.name.localeCompare(b.name)).map((n) => ({ id: n.row.id, name: `${'· '.repeat(n.depth)}${n.row.name}` })),
  );
}

function unitChoices(locale: Locale): Choice[] {
  const t = translator(locale);
  return unitCodes.map((code) => ({ id: Number(code), name: t(`catalog.unit.${code}` as MessageKey) }));
}

/**
 * The catalog list's fields (platform/records/list). A section filter is "is one of": the sections
 * tree beside the list links each section with every section below it. The unit is its OKEI code,
 * named in the reader's language.
 */
export function productListFields(db: Db, locale: Locale): ListField[] {
  const units = unitChoices(locale);
  return [
    field('text', 'name', 'catalog.field.name', column(products.name), { link: true, nullable: false }),
    field('text', 'sku', 'catalog.field.sku', column(products.sku)),
    field('reference', 'section', 'catalog.field.section', column(products.sectionId), {
      names: () => namesOf(db, 'sections', () => allSections(db)),
      param: 'section',
      choices: () => sectionChoices(db),
    }),
    field('money', 'price', 'catalog.field.price', column(products.priceMinor), { extra: column(products.currency), nullable: false }),
    field('number', 'vat', 'catalog.field.vatPercent', sql`(${products.vatBp} / 100.0)`),
    field('reference', 'unit', 'catalog.field.unit', sql`CAST(${products.unitCode} AS INTEGER)`, {
      names: () => new Map(units.map((u) => [u.id, { text: u.name }])),
      choices: () => units,
    }),
    field('boolean', 'active', 'catalog.field.active', column(products.active), { nullable: false }),
    field('boolean', 'external', 'catalog.field.external', sql`(${products.origin} <> 'manual')`, { nullable: false }),
    field('number', 'sort', 'catalog.field.sort', column(products.sort), { nullable: false }),
    ...timeFields(products.createdAt, products.updatedAt),
  ];
}
