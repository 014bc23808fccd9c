import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { addUser, setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { createDepartment } from '../../src/features/departments/service.js';
import { createDeal } from '../../src/features/deals/service.js';
import { createCompany } from '../../src/features/companies/service.js';
import { createContact } from '../../src/features/contacts/service.js';
import { createLead } from '../../src/features/leads/service.js';
import { createRole, updateRole } from '../../src/features/roles/service.js';
import { findUser, roleByCode, setUserRoles } from '../../src/features/users/queries.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { filledMatrix } from '../../src/platform/access/model.js';

/**
 * The access matrix (issue "Access rights"): users in three departments (Retail nested in Sales) under
 * every seeded role and a custom one; deals owned across them, one "available to everyone". For each
 * user and each path to a deal — list, kanban, record page, global search, stage change, bulk action — what they
 * can see or change is exactly the expected set. Leads (one "available to everyone"), contacts and companies
 * owned the same way are checked on their lists and bulk actions.
 */
let server: TestServer;
const people: Record<string, number> = {};
const dealIds: Record<string, number> = {};
const recordIds: Record<'lead' | 'contact' | 'company', Record<string, number>> = { lead: {}, contact: {}, company: {} };
/** The owner of each key's records ("open" is the Retail manager's). */
const owners: Record<string, number> = {};
const clients: Record<string, Client> = {};
const PASSWORD = 'Matrix-pass-123';

beforeAll(async () => {
  server = await startTestServer();
  const { ctx } = server;
  await setUpCompany(ctx);
  people.admin = 1;
  const sales = createDepartment(ctx, { name: 'Sales', parentId: null, headUserId: null });
  const retail = createDepartment(ctx, { name: 'Retail', parentId: sales.id, headUserId: null });
  const support = createDepartment(ctx, { name: 'Support', parentId: null, headUserId: null });
  const add = async (name: string, role: string, departmentIds: number[]) => {
    people[name] = (await addUser(ctx, { email: `${name.toLowerCase()}@example.com`, password: PASSWORD, fullName: name, role, departmentIds })).id;
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

  const stage = ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
  const admin = toCurrentUser(ctx.db, findUser(ctx.db, 1)!);
  const deal = (title: string, owner: string, everyone = false) => {
    dealIds[title] = createDeal(ctx, admin, { title, stageId: stage, amount: '1', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: null, companyId: null, responsibleId: people[owner]!, everyone, comments: null }).id;
  };
  deal('Matrix sales deal', 'SalesManager');
  deal('Matrix retail deal', 'RetailManager');
  deal('Matrix support deal', 'SupportManager');
  deal('Matrix head deal', 'SalesHead');
  deal('Matrix open deal', 'RetailManager', true);
  deal('Matrix director deal', 'Director');
  expect(roleByCode(ctx.db, 'manager')).not.toBeNull();

  // A Retail company whose contacts belong to people all over: its related panel is checked for
  // everyone who can open it (Retail's manager and head, the Sales head, admin and Director).
  const blank = { typeId: null, industryId: null, legalName: null, taxId: null, kpp: null, ogrn: null, bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null, comms: [] };
  sharedCompany = createCompany(ctx, admin, { ...blank, title: 'Matrix shared company', responsibleId: people.RetailManager! }).id;
  const person = { middleName: null, position: null, typeId: null, sourceId: null, birthday: null, comments: null, comms: [], companyIds: [sharedCompany] };
  for (const [key, owner] of [['sales', 'SalesManager'], ['retail', 'RetailManager'], ['support', 'SupportManager'], ['head', 'SalesHead'], ['director', 'Director']] as const) {
    recordIds.contact[key] = createContact(ctx, admin, { ...person, lastName: `Matrix ${key} contact`, firstName: null, responsibleId: people[owner]! }).id;
    recordIds.company[key] = createCompany(ctx, admin, { ...blank, title: `Matrix ${key} company`, responsibleId: people[owner]! }).id;
  }
  const status = ctx.db.all<{ id: number }>(sql`SELECT id FROM lead_statuses ORDER BY sort LIMIT 1`)[0]!.id;
  const blankLead = { lastName: null, firstName: null, middleName: null, companyTitle: null, position: null, statusId: status, sourceId: null, amount: '', currency: 'RUB', comments: null, comms: [] };
  for (const [key, owner, everyone] of [['sales', 'SalesManager', false], ['retail', 'RetailManager', false], ['support', 'SupportManager', false], ['head', 'SalesHead', false], ['open', 'RetailManager', true], ['director', 'Director', false]] as const) {
    recordIds.lead[key] = createLead(ctx, admin, { ...blankLead, title: `Matrix ${key} lead`, responsibleId: people[owner]!, everyone }).id;
    owners[key] = people[owner]!;
  }

  for (const name of Object.keys(people)) {
    const c = new Client(server.url);
    await c.signIn(name === 'admin' ? 'admin@example.com' : `${name.toLowerCase()}@example.com`, name === 'admin' ? 'correct horse battery' : PASSWORD);
    clients[name] = c;
  }
});
afterAll(() => server.close());

const ALL = ['sales', 'retail', 'support', 'head', 'open', 'director'];
const expected: Record<string, { read: string[]; edit: string[] }> = {
  admin: { read: ALL, edit: ALL },
  Director: { read: ALL, edit: ALL },
  SalesHead: { read: ['sales', 'retail', 'head', 'open'], edit: ['sales', 'retail', 'head', 'open'] },
  RetailHead: { read: ['retail', 'open'], edit: ['retail', 'open'] },
  SalesManager: { read: ['sales', 'open'], edit: ['sales'] },
  RetailManager: { read: ['retail', 'open'], edit: ['retail', 'open'] },
  SupportManager: { read: ['support', 'open'], edit: ['support'] },
  Auditor: { read: ['support', 'open'], edit: [] },
};

const titles = (html: string, kind = 'deal') => ALL.filter((k) => html.includes(`Matrix ${k} ${kind}`));
const contactsIn = (html: string) => ALL.filter((k) => html.includes(`Matrix ${k} contact`));
let sharedCompany = 0;

describe('who sees and changes which deal, on every path', () => {
  it.each(Object.keys(expected))('%s', async (name) => {
    const c = clients[name]!;
    const want = expected[name]!;
    expect(titles((await c.get('/deals')).text), 'list').toEqual(want.read);
    expect(titles((await c.get('/deals/kanban')).text), 'kanban').toEqual(want.read);
    expect(titles((await c.get('/search?q=Matrix')).text), 'search').toEqual(want.read);
    const pages: string[] = [];
    const changed: string[] = [];
    const bulked: string[] = [];
    const stage = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1 OFFSET 1`)[0]!.id;
    for (const key of ALL) {
      const id = dealIds[`Matrix ${key} deal`]!;
      const page = await c.get(`/deals/${id}`);
      if (page.status === 200) pages.push(key);
      else expect(page.status, `record page ${key}`).toBe(404);
      const move = await c.post(`/deals/${id}/stage`, { stageId: String(stage) }, { 'HX-Request': 'true', 'X-CSRF-Token': c.csrf });
      if (move.status === 204) changed.push(key);
      else expect(move.status, `stage change ${key}`).toBe(want.read.includes(key) ? 403 : 404);
      const bulk = await c.post('/deals/bulk', { ids: String(id), action: 'stage', stageId: String(stage) });
      if (bulk.status === 303) bulked.push(key);
      else expect(bulk.status, `bulk action ${key}`).toBe(want.read.includes(key) ? 403 : 404);
    }
    expect(pages, 'record pages').toEqual(want.read);
    expect(changed, 'stage changes').toEqual(want.edit);
    expect(bulked, 'bulk actions').toEqual(want.edit);

    // The related panel of a company lists only the contacts this user may read (contacts follow the
    // same scopes as deals here, with no "available to everyone").
    const company = await c.get(`/companies/${sharedCompany}`);
    if (want.read.includes('retail')) {
      expect(company.status).toBe(200);
      expect(contactsIn(company.text), 'related contacts').toEqual(want.read.filter((k) => k !== 'open'));
    } else {
      expect(company.status).toBe(404);
    }
  });
});

describe('who sees and changes which lead, contact and company on the lists and their bulk actions', () => {
  it.each(Object.keys(expected))('%s', async (name) => {
    const c = clients[name]!;
    const want = expected[name]!;
    // Contacts and companies have no "available to everyone": the open record is the leads' only.
    const without = (keys: string[]) => keys.filter((k) => k !== 'open');
    const status = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM lead_statuses ORDER BY sort LIMIT 1 OFFSET 1`)[0]!.id;
    const cases = [
      { kind: 'lead', path: '/leads', read: want.read, edit: want.edit, form: () => ({ action: 'status', statusId: String(status) }) },
      { kind: 'contact', path: '/contacts', read: without(want.read), edit: without(want.edit), form: (key: string) => ({ action: 'assign', responsibleId: String(owners[key]) }) },
      { kind: 'company', path: '/companies', read: without(want.read), edit: without(want.edit), form: (key: string) => ({ action: 'assign', responsibleId: String(owners[key]) }) },
    ] as const;
    for (const entity of cases) {
      expect(titles((await c.get(entity.path)).text, entity.kind), `${entity.kind} list`).toEqual(entity.read);
      const bulked: string[] = [];
      for (const [key, id] of Object.entries(recordIds[entity.kind])) {
        const bulk = await c.post(`${entity.path}/bulk`, { ids: String(id), ...entity.form(key) });
        if (bulk.status === 303) bulked.push(key);
        else expect(bulk.status, `${entity.kind} bulk ${key}`).toBe(entity.read.includes(key) ? 403 : 404);
      }
      expect(bulked.sort(), `${entity.kind} bulk actions`).toEqual([...entity.edit].sort());
    }
  });
});
