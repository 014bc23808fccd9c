import { sql } from 'drizzle-orm';
import { Client } from './http-client.js';
import { ADMIN, addUser, setUpCompany, startTestServer, type TestServer } from './server.js';
import { addActivity } from '../../src/features/activities/service.js';
import { createCompany } from '../../src/features/companies/service.js';
import { createContact } from '../../src/features/contacts/service.js';
import { createDeal } from '../../src/features/deals/service.js';
import { createDepartment } from '../../src/features/departments/service.js';
import { createLead } from '../../src/features/leads/service.js';
import { createRole, updateRole } from '../../src/features/roles/service.js';
import { findUser, setUserRoles } from '../../src/features/users/queries.js';
import { filledMatrix } from '../../src/platform/access/model.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';

/**
 * The people and records of the access-matrix tests (issue "Access rights"). Departments: Sales with
 * Retail nested in it, and Support apart. Users: the administrator, a Director, a head of Sales and
 * of Retail, a manager in each department, and an "Auditor" in Support holding only a custom role
 * that reads its own department and changes nothing.
 *
 * Records, one of each kind per key, titled "Matrix <key> deal|lead|contact|company": the key names
 * the owner (sales: Sales manager, retail: Retail manager, support: Support manager, head: Sales head,
 * director: Director; "open" is the Retail manager's deal and lead "available to everyone" — contacts
 * and companies have no such flag, so they have no "open" record). Around them, owned by the Retail
 * manager: a "Matrix hub company" whose contacts are all the key contacts, and a "Matrix hub contact"
 * of it; every deal has the hub contact and company as its client. Every key contact shares one phone,
 * so each is a duplicate of the others. Every lead has a call "Matrix <key> call" planned in an hour,
 * its owner responsible.
 */
export const KEYS = ['sales', 'retail', 'support', 'head', 'open', 'director'] as const;
export type Key = (typeof KEYS)[number];
export type Kind = 'deal' | 'lead' | 'contact' | 'company';

export const owner: Record<Key, string> = { sales: 'SalesManager', retail: 'RetailManager', support: 'SupportManager', head: 'SalesHead', open: 'RetailManager', director: 'Director' };

/** What each user may read, edit and delete of the deals and leads (contacts and companies: the same without "open"). */
export const expected: Record<string, { read: Key[]; edit: Key[]; delete: Key[] }> = {
  admin: { read: [...KEYS], edit: [...KEYS], delete: [...KEYS] },
  Director: { read: [...KEYS], edit: [...KEYS], delete: [...KEYS] },
  SalesHead: { read: ['sales', 'retail', 'head', 'open'], edit: ['sales', 'retail', 'head', 'open'], delete: ['sales', 'retail', 'head', 'open'] },
  RetailHead: { read: ['retail', 'open'], edit: ['retail', 'open'], delete: ['retail', 'open'] },
  SalesManager: { read: ['sales', 'open'], edit: ['sales'], delete: [] },
  RetailManager: { read: ['retail', 'open'], edit: ['retail', 'open'], delete: [] },
  SupportManager: { read: ['support', 'open'], edit: ['support'], delete: [] },
  Auditor: { read: ['support', 'open'], edit: [], delete: [] },
};
export const USERS = Object.keys(expected);

/** The keys of a kind: contacts and companies have no "open" record. */
export const keysOf = (kind: Kind, keys: readonly Key[] = KEYS): Key[] => keys.filter((k) => kind === 'deal' || kind === 'lead' || k !== 'open');

/** The keys whose "Matrix <key> <word>" appears in a page, in KEYS order. */
export const shown = (html: string, word: string, keys: readonly Key[] = KEYS): Key[] => keys.filter((k) => html.includes(`Matrix ${k} ${word}`));

export const PHONE = '+7 900 111-22-33';
const PASSWORD = 'Matrix-pass-123';

export interface Matrix {
  server: TestServer;
  people: Record<string, number>;
  ids: Record<Kind, Partial<Record<Key, number>>>;
  activityIds: Partial<Record<Key, number>>;
  hubCompany: number;
  hubContact: number;
  clients: Record<string, Client>;
}

export async function startMatrix(): Promise<Matrix> {
  const server = await startTestServer();
  const { ctx } = server;
  await setUpCompany(ctx);
  const people: Record<string, number> = { admin: 1 };
  const sales = createDepartment(ctx, { name: 'Sales', parentId: null, headUserId: null });
  const retail = createDepartment(ctx, { name: 'Retail', parentId: sales.id, headUserId: null });
  const support = createDepartment(ctx, { name: 'Support', parentId: null, headUserId: null });
  const email = (name: string) => (name === 'admin' ? ADMIN.email : `${name.toLowerCase()}@example.com`);
  const add = async (name: string, role: string, departmentIds: number[]) => {
    people[name] = (await addUser(ctx, { email: email(name), password: PASSWORD, fullName: name, role, departmentIds })).id;
  };
  await add('Director', 'director', []);
  await add('SalesHead', 'head', [sales.id]);
  await add('RetailHead', 'head', [retail.id]);
  await add('SalesManager', 'manager', [sales.id]);
  await add('RetailManager', 'manager', [retail.id]);
  await add('SupportManager', 'manager', [support.id]);
  await add('Auditor', 'manager', [support.id]);
  const reader = createRole(ctx, { userId: null, ip: null }, { name: 'Department reader', copyFrom: null });
  updateRole(ctx, { userId: null, ip: null }, reader.id, { name: 'Department reader', m: filledMatrix((_e, a) => (a === 'read' ? 'department' : 'none')), maySettings: false, mayEditCatalog: false });
  setUserRoles(ctx.db, people.Auditor!, [reader.id]);

  const admin = toCurrentUser(ctx.db, findUser(ctx.db, 1)!);
  const ids: Matrix['ids'] = { deal: {}, lead: {}, contact: {}, company: {} };
  const blankCompany = { typeId: null, industryId: null, legalName: null, taxId: null, kpp: null, ogrn: null, bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null, comms: [] };
  const blankContact = { firstName: null, middleName: null, position: null, typeId: null, sourceId: null, birthday: null, comments: null };
  const hubCompany = createCompany(ctx, admin, { ...blankCompany, title: 'Matrix hub company', responsibleId: people.RetailManager! }).id;
  const hubContact = createContact(ctx, admin, { ...blankContact, lastName: 'Matrix hub contact', responsibleId: people.RetailManager!, companyIds: [hubCompany], comms: [] }).id;
  const stage = ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
  const status = ctx.db.all<{ id: number }>(sql`SELECT id FROM lead_statuses ORDER BY sort LIMIT 1`)[0]!.id;
  const activityIds: Matrix['activityIds'] = {};
  for (const key of KEYS) {
    const responsibleId = people[owner[key]]!;
    const everyone = key === 'open';
    ids.deal[key] = createDeal(ctx, admin, {
      title: `Matrix ${key} deal`, stageId: stage, amount: '1', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null,
      contactId: hubContact, companyId: hubCompany, responsibleId, everyone, comments: null,
    }).id;
    ids.lead[key] = createLead(ctx, admin, {
      title: `Matrix ${key} lead`, lastName: null, firstName: null, middleName: null, companyTitle: null, position: null, statusId: status, sourceId: null,
      amount: '', currency: 'RUB', responsibleId, everyone, comments: null, comms: [],
    }).id;
    activityIds[key] = addActivity(ctx, admin, {
      type: 'call', entity: 'lead', entityId: ids.lead[key]!, subject: `Matrix ${key} call`, description: null, dueAt: ctx.clock.now() + 3_600_000, endAt: null,
      done: false, direction: 'out', durationMin: null, result: null, place: null, participants: null, responsibleId, reminder: 'none', remindCustom: null,
      repeatEvery: null, repeatUnit: 'day',
    }).id;
    if (everyone) continue;
    ids.company[key] = createCompany(ctx, admin, { ...blankCompany, title: `Matrix ${key} company`, responsibleId }).id;
    ids.contact[key] = createContact(ctx, admin, { ...blankContact, lastName: `Matrix ${key} contact`, responsibleId, companyIds: [hubCompany], comms: [{ kind: 'phone', type: 'work', value: PHONE }] }).id;
  }

  const clients: Record<string, Client> = {};
  for (const name of Object.keys(people)) {
    const c = new Client(server.url);
    await c.signIn(email(name), name === 'admin' ? ADMIN.password : PASSWORD);
    clients[name] = c;
  }
  return { server, people, ids, activityIds, hubCompany, hubContact, clients };
}
