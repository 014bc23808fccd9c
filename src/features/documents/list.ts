import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { documents } from '../../db/schema/index.js';
import { translator, type Locale, type MessageKey } from '../../platform/i18n/index.js';
import { column, responsibleField, timeFields } from '../../platform/records/list/common.js';
import { field, type ListField } from '../../platform/records/list/fields.js';
import { statusNumber, statuses, type DocKind } from './kinds.js';

/**
 * The quote and invoice lists' fields (platform/records/list). The client is named only when the
 * reader may read it (`clients`: the read conditions of contacts and companies), as on deal lists.
 * "Overdue" is worked out against today in the company's time zone.
 */
export function documentListFields(db: Db, kind: DocKind, locale: Locale, today: string, clients: { contact: SQL | undefined; company: SQL | undefined }): ListField[] {
  const t = translator(locale);
  const choices = statuses[kind].map((s) => ({ id: statusNumber(kind, s), name: t(`documents.status.${s}` as MessageKey) }));
  const byStatus = sql.join(statuses[kind].map((s) => sql`WHEN ${s} THEN ${statusNumber(kind, s)}`), sql` `);
  const client = sql`coalesce(
    (SELECT title FROM companies WHERE companies.id = ${documents.companyId} AND companies.deleted_at IS NULL AND ${clients.company ?? sql`1`}),
    (SELECT full_name FROM contacts WHERE contacts.id = ${documents.contactId} AND contacts.deleted_at IS NULL AND ${clients.contact ?? sql`1`}))`;
  return [
    field('text', 'number', 'documents.field.number', column(documents.number), { link: true, nullable: false }),
    field('status', 'status', 'documents.field.status', sql`(CASE ${documents.status} ${byStatus} END)`, {
      names: () => new Map(choices.map((c) => [c.id, { text: c.name, extra: null }])),
      choices: () => choices,
      nullable: false,
    }),
    field('date', 'issuedOn', 'documents.field.issuedOn', column(documents.issuedOn), { nullable: false }),
    field('date', 'dueOn', kind === 'invoice' ? 'documents.field.dueOn' : 'documents.field.validUntil', column(documents.dueOn)),
    field('text', 'client', 'documents.field.client', client, { sortable: false }),
    field('money', 'total', 'documents.field.total', column(documents.totalMinor), { extra: column(documents.currency), nullable: false }),
    ...(kind === 'invoice'
      ? [
          field('money', 'paid', 'documents.field.paid', column(documents.paidMinor), { extra: column(documents.currency), nullable: false }),
          field('boolean', 'overdue', 'documents.field.overdue', sql`(${documents.status} IN ('sent', 'partly_paid') AND ${documents.dueOn} < ${today})`, { nullable: false, sortable: false }),
        ]
      : []),
    responsibleField(db, documents.responsibleId),
    ...timeFields(documents.createdAt, documents.updatedAt),
  ];
}
