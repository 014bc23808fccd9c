import type { Db } from '../../db/connection.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { customDefs } from '../../platform/records/custom/queries.js';
import type { CustomEntity } from '../../platform/records/custom/definitions.js';

/**
 * What a column of an imported file may become, per entity. A field's key is what a mapping stores
 * ("lastName", "phone.mobile", "cf.inn_code"); `kind` says how a cell turns into the entity form's
 * input. `names` are the column headers recognised without a preset: our own labels and Bitrix24's
 * export headers in Russian and English (the built-in "Bitrix24" preset), compared ignoring case, "ё"
 * and spaces around.
 */
export const importEntities = ['contact', 'company', 'lead', 'deal', 'product'] as const;
export type ImportEntity = (typeof importEntities)[number];

export function isImportEntity(v: unknown): v is ImportEntity {
  return typeof v === 'string' && (importEntities as readonly string[]).includes(v);
}

export type FieldKind = 'text' | 'date' | 'fullName' | 'comm' | 'responsible' | 'stage' | 'pipeline' | 'status' | 'company' | 'contact' | 'money' | 'currency' | 'vat' | 'custom';

export interface ImportField {
  key: string;
  kind: FieldKind;
  /** A translation key, or for a custom field its label as the admin wrote it. */
  label: MessageKey | { text: string };
  names: readonly string[];
  /** The form input it fills ("lastName", "cf_code"); for a communication its kind and type. */
  target?: string;
  comm?: { kind: 'phone' | 'email' | 'web' | 'im'; type: string };
}

const f = (key: string, kind: FieldKind, label: MessageKey, names: string[], target = key): ImportField => ({ key, kind, label, names, target });
const comm = (kind: 'phone' | 'email' | 'web', type: string, label: MessageKey, names: string[]): ImportField => ({ key: `${kind}.${type}`, kind: 'comm', label, names, comm: { kind, type } });

const phones = (label: MessageKey) => [
  comm('phone', 'work', label, ['Рабочий телефон', 'Work phone', 'Business phone']),
  comm('phone', 'mobile', label, ['Мобильный телефон', 'Mobile phone', 'Mobile', 'Мобильный']),
  comm('phone', 'home', label, ['Домашний телефон', 'Home phone']),
  comm('phone', 'fax', label, ['Номер факса', 'Факс', 'Fax', 'Fax number']),
  comm('phone', 'other', label, ['Другой телефон', 'Other phone', 'Телефон', 'Phone', 'Phones', 'Телефоны']),
];
const emails = (label: MessageKey) => [
  comm('email', 'work', label, ['Рабочий e-mail', 'Work e-mail', 'Work email', 'E-mail', 'Email', 'Электронная почта']),
  comm('email', 'home', label, ['Частный e-mail', 'Личный e-mail', 'Private e-mail', 'Personal e-mail', 'Home e-mail']),
  comm('email', 'other', label, ['Другой e-mail', 'Other e-mail', 'E-mail для рассылок', 'Newsletter e-mail']),
];
const webs = (label: MessageKey) => [comm('web', 'site', label, ['Корпоративный сайт', 'Сайт', 'Corporate website', 'Website', 'Web site', 'Site'])];
const responsible = (label: MessageKey) => f('responsible', 'responsible', label, ['Ответственный', 'Responsible', 'Responsible person', 'Assigned to']);
const comments = (label: MessageKey) => f('comments', 'text', label, ['Комментарий', 'Комментарии', 'Comment', 'Comments']);

const builtin: Record<ImportEntity, ImportField[]> = {
  contact: [
    f('lastName', 'text', 'contacts.field.lastName', ['Фамилия', 'Last name', 'Surname']),
    f('firstName', 'text', 'contacts.field.firstName', ['Имя', 'First name']),
    f('middleName', 'text', 'contacts.field.middleName', ['Отчество', 'Second name', 'Middle name']),
    f('fullName', 'fullName', 'import.field.fullName', ['ФИО', 'Контакт', 'Full name', 'Contact', 'Name']),
    f('position', 'text', 'contacts.field.position', ['Должность', 'Position', 'Job title']),
    f('birthday', 'date', 'contacts.field.birthday', ['Дата рождения', 'Birthdate', 'Date of birth', 'Birthday']),
    ...phones('contacts.field.phone'),
    ...emails('contacts.field.email'),
    ...webs('contacts.field.web'),
    f('company', 'company', 'contacts.field.companies', ['Компания', 'Company', 'Название компании', 'Company name']),
    responsible('contacts.field.responsible'),
    comments('contacts.field.comments'),
  ],
  company: [
    f('title', 'text', 'companies.field.title', ['Название компании', 'Компания', 'Название', 'Company name', 'Company', 'Name', 'Title']),
    f('legalName', 'text', 'companies.field.legalName', ['Полное наименование', 'Юридическое название', 'Legal name', 'Full name']),
    f('taxId', 'text', 'companies.field.taxId', ['ИНН', 'INN', 'Tax ID', 'TIN']),
    f('kpp', 'text', 'companies.field.kpp', ['КПП', 'KPP']),
    f('ogrn', 'text', 'companies.field.ogrn', ['ОГРН', 'OGRN']),
    f('bankName', 'text', 'companies.field.bankName', ['Банк', 'Bank']),
    f('bankBik', 'text', 'companies.field.bankBik', ['БИК', 'BIK', 'BIC']),
    f('bankAccount', 'text', 'companies.field.bankAccount', ['Расчётный счёт', 'Расчетный счет', 'Р/с', 'Account', 'Bank account']),
    f('corrAccount', 'text', 'companies.field.corrAccount', ['Корр. счёт', 'Корр. счет', 'Корреспондентский счёт', 'Correspondent account']),
    f('legalAddress', 'text', 'companies.field.legalAddress', ['Юридический адрес', 'Legal address']),
    f('address', 'text', 'companies.field.address', ['Адрес', 'Фактический адрес', 'Address']),
    ...phones('companies.field.phone'),
    ...emails('companies.field.email'),
    ...webs('companies.field.web'),
    responsible('companies.field.responsible'),
    comments('companies.field.comments'),
  ],
  lead: [
    f('title', 'text', 'leads.field.title', ['Название лида', 'Лид', 'Название', 'Lead name', 'Lead title', 'Title']),
    f('lastName', 'text', 'leads.field.lastName', ['Фамилия', 'Last name']),
    f('firstName', 'text', 'leads.field.firstName', ['Имя', 'First name']),
    f('middleName', 'text', 'leads.field.middleName', ['Отчество', 'Second name', 'Middle name']),
    f('companyTitle', 'text', 'leads.field.companyTitle', ['Название компании', 'Компания', 'Company name', 'Company']),
    f('position', 'text', 'leads.field.position', ['Должность', 'Position']),
    f('status', 'status', 'leads.field.status', ['Статус', 'Статус лида', 'Стадия', 'Status', 'Lead status', 'Stage']),
    f('amount', 'money', 'leads.field.amount', ['Сумма', 'Возможная сумма', 'Amount', 'Opportunity']),
    f('currency', 'currency', 'deals.field.currency', ['Валюта', 'Currency']),
    ...phones('leads.field.phone'),
    ...emails('leads.field.email'),
    ...webs('leads.field.web'),
    responsible('leads.field.responsible'),
    comments('leads.field.comments'),
  ],
  deal: [
    f('title', 'text', 'deals.field.title', ['Название сделки', 'Сделка', 'Название', 'Deal name', 'Deal title', 'Title', 'Name']),
    f('pipeline', 'pipeline', 'deals.field.pipeline', ['Направление', 'Воронка', 'Направление сделки', 'Pipeline', 'Funnel', 'Deal pipeline']),
    f('stage', 'stage', 'deals.field.stage', ['Стадия сделки', 'Стадия', 'Stage', 'Deal stage']),
    f('amount', 'money', 'deals.field.amount', ['Сумма', 'Amount', 'Opportunity', 'Income']),
    f('currency', 'currency', 'deals.field.currency', ['Валюта', 'Currency']),
    f('probability', 'text', 'deals.field.probability', ['Вероятность', 'Вероятность, %', 'Probability', 'Probability, %']),
    f('expectedClose', 'date', 'deals.field.expectedClose', ['Предполагаемая дата закрытия', 'Дата завершения', 'Expected close date', 'Estimated close date', 'Close date']),
    f('contact', 'contact', 'deals.field.contact', ['Контакт', 'Contact']),
    f('company', 'company', 'deals.field.company', ['Компания', 'Company']),
    responsible('deals.field.responsible'),
    comments('deals.field.comments'),
  ],
  product: [
    f('name', 'text', 'catalog.field.name', ['Название', 'Наименование', 'Товар', 'Название товара', 'Name', 'Product name', 'Product']),
    f('sku', 'text', 'catalog.field.sku', ['Артикул', 'SKU', 'Article', 'Code']),
    f('description', 'text', 'catalog.field.description', ['Описание', 'Description']),
    f('price', 'money', 'catalog.field.price', ['Цена', 'Price']),
    f('currency', 'currency', 'catalog.field.currency', ['Валюта', 'Currency']),
    f('vat', 'vat', 'catalog.field.vat', ['НДС', 'Ставка НДС', 'VAT', 'VAT rate', 'Tax rate']),
  ],
};

const customCapable: readonly string[] = ['contact', 'company', 'lead', 'deal'];

/** The fields a column of this entity may map to: the built-in ones, then the entity's active custom fields. */
export function importFields(db: Db, entity: ImportEntity): ImportField[] {
  const custom = customCapable.includes(entity)
    ? customDefs(db, entity as CustomEntity).map((d): ImportField => ({ key: `cf.${d.code}`, kind: 'custom', label: { text: d.label }, names: [d.label, d.code], target: `cf_${d.code}` }))
    : [];
  return [...builtin[entity], ...custom];
}

export const headerKey = (h: string): string => h.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');

/**
 * Columns mapped as the built-in preset (and our own field labels, through `labelOf`) would: each
 * header to the first field naming it; a field already taken by an earlier column stays with it,
 * except a communication field, which several columns may fill.
 */
export function autoMapping(fields: ImportField[], headers: string[], labelOf: (f: ImportField) => string, saved: Record<string, string> = {}): Record<number, string> {
  const byName = new Map<string, string>();
  for (const [header, key] of Object.entries(saved)) byName.set(headerKey(header), key);
  for (const field of fields) for (const name of [...field.names, labelOf(field)]) if (!byName.has(headerKey(name))) byName.set(headerKey(name), field.key);
  const known = new Set(fields.map((x) => x.key));
  const out: Record<number, string> = {};
  const taken = new Set<string>();
  headers.forEach((h, i) => {
    const key = byName.get(headerKey(h));
    if (!key || !known.has(key)) return;
    const field = fields.find((x) => x.key === key)!;
    if (taken.has(key) && field.kind !== 'comm') return;
    taken.add(key);
    out[i] = key;
  });
  return out;
}
