import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { ADMIN, addUser, setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { createDepartment } from '../../src/features/departments/service.js';
import { createDeal } from '../../src/features/deals/service.js';
import { createRole, updateRole } from '../../src/features/roles/service.js';
import { findUser, setUserRoles } from '../../src/features/users/queries.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { filledMatrix } from '../../src/platform/access/model.js';

/**
 * Rights on the notification centre and the activity stream, over the same people and deals as the
 * access matrix of the deals (Retail nested in Sales, every seeded role and a department reader): an
 * administrator comments on every deal mentioning everyone; each user is notified, and sees stream
 * events, for exactly the deals they may read.
 */
let server: TestServer;
const people: Record<string, number> = {};
const clients: Record<string, Client> = {};
const PASSWORD = 'Matrix-pass-123';
const email = (name: string) => (name === 'admin' ? ADMIN.email : `${name.toLowerCase()}@example.com`);

beforeAll(async () => {
  server = await startTestServer();
  const { ctx } = server;
  await setUpCompany(ctx);
  people.admin = 1;
  const sales = createDepartment(ctx, { name: 'Sales', parentId: null, headUserId: null });
  const retail = createDepartment(ctx, { name: 'Retail', parentId: sales.id, headUserId: null });
  const support = createDepartment(ctx, { name: 'Support', parentId: null, headUserId: null });
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

  const stage = ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
  const admin = toCurrentUser(ctx.db, findUser(ctx.db, 1)!);
  const deals: number[] = [];
  const deal = (title: string, owner: string, everyone = false) => {
    deals.push(createDeal(ctx, admin, { title, stageId: stage, amount: '1', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: null, companyId: null, responsibleId: people[owner]!, everyone, comments: null }).id);
  };
  deal('Matrix sales deal', 'SalesManager');
  deal('Matrix retail deal', 'RetailManager');
  deal('Matrix support deal', 'SupportManager');
  deal('Matrix head deal', 'SalesHead');
  deal('Matrix open deal', 'RetailManager', true);
  deal('Matrix director deal', 'Director');

  for (const name of Object.keys(people)) {
    const c = new Client(server.url);
    await c.signIn(email(name), name === 'admin' ? ADMIN.password : PASSWORD);
    clients[name] = c;
  }
  const everyone = Object.keys(people).map((n) => `@${email(n)}`).join(' ');
  await clients.admin!.get('/stream');
  for (const id of deals) await clients.admin!.post('/comments', { entity: 'deal', entityId: String(id), text: `Matrix remark ${everyone}` });
});
afterAll(() => server.close());

const ALL = ['sales', 'retail', 'support', 'head', 'open', 'director'];
const readable: Record<string, string[]> = {
  admin: ALL,
  Director: ALL,
  SalesHead: ['sales', 'retail', 'head', 'open'],
  RetailHead: ['retail', 'open'],
  SalesManager: ['sales', 'open'],
  RetailManager: ['retail', 'open'],
  SupportManager: ['support', 'open'],
  Auditor: ['support', 'open'],
};

const titles = (html: string) => ALL.filter((k) => html.includes(`Matrix ${k} deal`));

describe('notifications and stream events follow read rights', () => {
  it.each(Object.keys(readable))('%s', async (name) => {
    const c = clients[name]!;
    expect(titles((await c.get('/stream')).text), 'stream').toEqual(readable[name]);
    expect(titles((await c.get('/stream?entity=deal')).text), 'stream of deals').toEqual(readable[name]);
    const mentions = server.ctx.db.all<{ title: string }>(
      sql`SELECT d.title FROM notifications n JOIN deals d ON d.id = n.entity_id WHERE n.user_id = ${people[name]!} AND n.kind = 'mention' ORDER BY d.id`,
    );
    // The author is never notified of their own comment.
    expect(mentions.map((m) => m.title.replace(/^Matrix (\w+) deal$/, '$1')), 'mentions').toEqual(name === 'admin' ? [] : readable[name]);
    const page = await c.get('/notifications');
    expect(titles(page.text), 'notification list').toEqual(name === 'admin' ? [] : readable[name]);
  });
});
