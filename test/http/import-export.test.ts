import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '../support/http-client.js';
import { mappingOf, startImport, uploadImport } from '../support/import.js';
import { ADMIN, setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { createCompany } from '../../src/features/companies/service.js';
import { createContact } from '../../src/features/contacts/service.js';
import { findUser } from '../../src/features/users/queries.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';

/**
 * Issue 18's round trip: a contact list exported from one Prosto and imported into a fresh install
 * gives the same records — names, phones, e-mails, companies, birthdays, the responsible and a
 * custom field — with nothing lost or doubled, and a second import of the same file doubles nothing.
 */
let from: TestServer;
let to: TestServer;

beforeEach(async () => {
  from = await startTestServer();
  to = await startTestServer();
  await setUpCompany(from.ctx, 'ru');
  await setUpCompany(to.ctx, 'ru');
});
afterEach(async () => {
  await from.close();
  await to.close();
});

async function signedIn(server: TestServer): Promise<Client> {
  const client = new Client(server.url);
  await client.signIn(ADMIN.email, ADMIN.password);
  await client.get('/settings/fields');
  expect((await client.post('/settings/fields', { entity: 'contact', label: 'Уровень', type: 'string', code: 'level' })).status).toBe(303);
  return client;
}

interface Seen {
  name: string;
  phones: string;
  emails: string;
  companies: string;
  birthday: string | null;
  responsible: string;
  level: string | null;
}

/** What a user would compare: each contact as the records hold it, in name order. */
function contactsOf(server: TestServer): Seen[] {
  return server.ctx.sqlite
    .prepare(
      `SELECT c.full_name AS name,
        coalesce((SELECT group_concat(value, ' | ') FROM (SELECT value FROM communications WHERE entity = 'contact' AND entity_id = c.id AND kind = 'phone' ORDER BY value)), '') AS phones,
        coalesce((SELECT group_concat(value, ' | ') FROM (SELECT value FROM communications WHERE entity = 'contact' AND entity_id = c.id AND kind = 'email' ORDER BY value)), '') AS emails,
        coalesce((SELECT group_concat(title, ' | ') FROM (SELECT co.title FROM contact_companies cc JOIN companies co ON co.id = cc.company_id WHERE cc.contact_id = c.id ORDER BY co.title)), '') AS companies,
        c.birthday AS birthday, u.full_name AS responsible, json_extract(c.custom, '$.level') AS level
      FROM contacts c JOIN users u ON u.id = c.responsible_id WHERE c.deleted_at IS NULL ORDER BY c.full_name`,
    )
    .all() as Seen[];
}

async function exported(client: Client, format: string): Promise<Buffer> {
  await client.get('/contacts');
  expect((await client.post('/contacts/columns', { cols: ['fullName', 'companies', 'phone', 'email', 'birthday', 'responsible', 'cf_level'] })).status).toBe(303);
  const res = await fetch(`${client.base}/contacts/export?format=${format}`, { headers: { cookie: client.cookieHeader() } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('export → import into a fresh install', () => {
  it.each([
    ['csv', 'contacts.csv'],
    ['csv-semicolon', 'contacts.csv'],
    ['xlsx', 'contacts.xlsx'],
  ])('%s gives equal contacts, and importing the same file again doubles nothing', async (format, name) => {
    const source = await signedIn(from);
    const admin = toCurrentUser(from.ctx.db, findUser(from.ctx.db, 1)!);
    const blank = { typeId: null, industryId: null, legalName: null, taxId: null, kpp: null, ogrn: null, bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null, comms: [] };
    const romashka = createCompany(from.ctx, admin, { ...blank, title: 'ООО «Ромашка»', responsibleId: 1 });
    const base = { middleName: null, position: null, typeId: null, sourceId: null, comments: null, responsibleId: 1 };
    createContact(from.ctx, admin, {
      ...base, lastName: 'Петров', firstName: 'Иван', birthday: '1980-05-17', companyIds: [romashka.id],
      comms: [{ kind: 'phone', type: 'work', value: '+7 916 123-45-67' }, { kind: 'phone', type: 'mobile', value: '+7 903 555-12-34' }, { kind: 'email', type: 'work', value: 'petrov@romashka.ru' }],
      custom: { level: 'VIP; "золотой"' },
    });
    createContact(from.ctx, admin, {
      ...base, lastName: 'Smith', firstName: 'Anna', birthday: null, companyIds: [],
      comms: [{ kind: 'email', type: 'work', value: 'anna@example.com' }, { kind: 'email', type: 'home', value: 'anna.smith@example.org' }],
      custom: { level: '=1+1' },
    });
    const before = contactsOf(from);
    expect(before).toHaveLength(2);

    const file = await exported(source, format);
    const target = await signedIn(to);
    const id = await uploadImport(target, 'contact', name, file);
    const page = await target.get(`/import/jobs/${id}`);
    const mapping = mappingOf(page.text);
    expect(Object.values(mapping).filter(Boolean)).toHaveLength(7);
    await startImport(to, target, id, { duplicates: 'skip' });
    expect(contactsOf(to)).toEqual(before);

    const again = await uploadImport(target, 'contact', name, file);
    await startImport(to, target, again, { duplicates: 'skip' });
    expect(contactsOf(to)).toEqual(before);
    const counts = to.ctx.sqlite.prepare('SELECT created, skipped, rejected FROM import_jobs WHERE id = ?').get(again);
    expect(counts).toEqual({ created: 0, skipped: 2, rejected: 0 });
  });
});
