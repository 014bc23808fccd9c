import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';

/** Installation-wide values that are not company data, e.g. the secret that signs CSRF tokens. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** The one company this installation serves. Its row existing is what "setup is finished" means. */
export const company = sqliteTable('company', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  legalName: text('legal_name'),
  taxId: text('tax_id'),
  address: text('address'),
  phone: text('phone'),
  timeZone: text('time_zone').notNull(),
  baseCurrency: text('base_currency').notNull(),
  locale: text('locale').notNull(),
  createdAt: integer('created_at').notNull(),
});
