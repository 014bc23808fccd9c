import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { ADMIN, addUser, setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { createDeal } from '../../src/features/deals/service.js';
import { createDepartment } from '../../src/features/departments/service.js';
import { createLead } from '../../src/features/leads/service.js';
import { createRole, updateRole } from '../../src/features/roles/service.js';
import { findUser, roleByCode } from '../../src/features/users/queries.js';
import { filledMatrix } from '../../src/platform/access/model.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';

/**
 * Rights are read at every request (issue "Access rights"): a record's new responsible, a user's new
 * department or new roles change the lists, kanban boards and search results on the very next
 * request of users who stay signed in — and so does a department moved in the tree; the
 * administrator's changes are in the audit log.
 */
let server: TestServer;
const people: Record<string, number> = {};
const clients: Record<string, Client> = {};
const departments: Record<string, number> = {};
let dealId = 0;
let leadId = 0;
let admin: Client;

beforeAll(async () => {
  server = await startTestServer();
  const { ctx } = server;
  await setUpCompany(ctx);
  departments.East = createDepartment(ctx, { name: 'East', parentId: null, headUserId: null }).id;
  departments.West = createDepartment(ctx, { name: 'West', parentId: null, headUserId: null }).id;
  for (const [name, role, dept] of [['Anna', 'manager', 'East'], ['Boris', 'manager', 'West'], ['Elena', 'head', 'East'], ['Wanda', 'head', 'West']] as const) {
    people[name] = (await addUser(ctx, { email: `${name.toLowerCase()}@example.com`, password: `${name}-pass-123`, fullName: name, role, departmentIds: [departments[dept]!] })).id;
    clients[name] = new Client(server.url);
    await clients[name]!.signIn(`${name.toLowerCase()}@example.com`, `${name}-pass-123`);
  }
  const root = toCurrentUser(ctx.db, findUser(ctx.db, 1)!);
  const stageId = ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
  const statusId = ctx.db.all<{ id: number }>(sql`SELECT id FROM lead_statuses ORDER BY sort LIMIT 1`)[0]!.id;
  dealId = createDeal(ctx, root, { title: 'Moving deal', stageId, amount: '1', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: null, companyId: null, responsibleId: people.Anna!, everyone: false, comments: null }).id;
  leadId = createLead(ctx, root, { title: 'Moving lead', lastName: null, firstName: null, middleName: null, companyTitle: null, position: null, statusId, sourceId: null, amount: '', currency: 'RUB', responsibleId: people.Anna!, everyone: false, comments: null, comms: [] }).id;
  admin = new Client(server.url);
  await admin.signIn(ADMIN.email, ADMIN.password);
});
afterAll(() => server.close());

/** Who finds the deal and the lead on each path, by name. */
async function whoSees(): Promise<Record<string, string[]>> {
  const paths = ['/deals', '/deals/kanban', '/leads', '/leads/kanban', '/search?q=Moving'];
  const seen: Record<string, string[]> = {};
  for (const path of paths) seen[path] = [];
  for (const [name, c] of Object.entries(clients)) {
    for (const path of paths) {
      const text = (await c.get(path)).text;
      const found = path.startsWith('/search') ? text.includes('Moving deal') && text.includes('Moving lead') : text.includes(path.startsWith('/deals') ? 'Moving deal' : 'Moving lead');
      if (found) seen[path]!.push(name);
    }
    const page = await c.get(`/deals/${dealId}`);
    expect([200, 404], `${name}: deal page`).toContain(page.status);
  }
  return seen;
}

const everywhere = (...names: string[]) => Object.fromEntries(['/deals', '/deals/kanban', '/leads', '/leads/kanban', '/search?q=Moving'].map((p) => [p, names]));

/** The administrator saves a user's profile with new roles and departments, as the user form does. */
async function saveUser(name: string, roleIds: number[], departmentIds: number[]) {
  await admin.get(`/settings/users/${people[name]}`);
  const saved = await admin.post(`/settings/users/${people[name]}`, {
    fullName: name, email: `${name.toLowerCase()}@example.com`, locale: 'en', roleIds: roleIds.map(String), departmentIds: departmentIds.map(String), absentUntil: '',
  });
  expect(saved.status).toBe(303);
}

describe('a change of rights applies at the next request', () => {
  it('follows the responsible, the department and the roles', async () => {
    expect(await whoSees()).toEqual(everywhere('Anna', 'Elena'));

    // The administrator hands the deal and the lead to Boris in place, from their pages.
    await admin.get(`/deals/${dealId}`);
    expect((await admin.post(`/deals/${dealId}/fields/responsibleId`, { responsibleId: String(people.Boris) })).status).toBe(303);
    expect((await admin.post(`/leads/${leadId}/fields/responsibleId`, { responsibleId: String(people.Boris) })).status).toBe(303);
    expect(await whoSees()).toEqual(everywhere('Boris', 'Wanda'));
    expect((await clients.Anna!.get(`/deals/${dealId}`)).status).toBe(404);

    // Boris moves to East: East's head sees his records, West's no longer does.
    const manager = roleByCode(server.ctx.db, 'manager')!.id;
    await saveUser('Boris', [manager], [departments.East!]);
    expect(await whoSees()).toEqual(everywhere('Boris', 'Elena'));

    // Anna becomes a Director; Boris gets a role that reads nothing.
    await saveUser('Anna', [roleByCode(server.ctx.db, 'director')!.id], [departments.East!]);
    const blind = createRole(server.ctx, { userId: null, ip: null }, { name: 'Blind', copyFrom: null });
    updateRole(server.ctx, { userId: null, ip: null }, blind.id, { name: 'Blind', m: filledMatrix(() => 'none'), maySettings: false, mayEditCatalog: false });
    await saveUser('Boris', [blind.id], [departments.East!]);
    expect(await whoSees()).toEqual(everywhere('Anna', 'Elena'));
    expect((await clients.Boris!.get(`/deals/${dealId}`)).status).toBe(404);

    // The same change of a role's rights reaches its holders at once.
    updateRole(server.ctx, { userId: null, ip: null }, blind.id, { name: 'Blind', m: filledMatrix((_e, a) => (a === 'read' ? 'all' : 'none')), maySettings: false, mayEditCatalog: false });
    expect((await whoSees())['/deals']).toEqual(['Anna', 'Boris', 'Elena']);
  });

  it("follows the department tree: a department moved under another is seen by that one's head", async () => {
    for (const [path, field] of [[`/deals/${dealId}`, 'responsibleId'], [`/leads/${leadId}`, 'responsibleId']] as const) {
      expect((await admin.post(`${path}/fields/${field}`, { responsibleId: String(people.Wanda) })).status).toBe(303);
    }
    expect(await whoSees()).toEqual(everywhere('Anna', 'Boris', 'Wanda'));
    await admin.get(`/settings/departments/${departments.West}`);
    expect((await admin.post(`/settings/departments/${departments.West}`, { name: 'West', parentId: String(departments.East), headUserId: '' })).status).toBe(303);
    expect(await whoSees()).toEqual(everywhere('Anna', 'Boris', 'Elena', 'Wanda'));
    expect((await admin.get('/settings/audit?kind=department.updated')).text).toContain('changed: parent: — → East');
  });

  it('the audit log holds each change of a user, with the new roles and departments', async () => {
    const log = await admin.get(`/settings/audit?kind=user.updated`);
    expect(log.status).toBe(200);
    const rows = log.text.match(/email: boris@example\.com/g) ?? [];
    expect(rows).toHaveLength(2);
    expect(log.text).toContain(`email: anna@example.com; roleIds: ${roleByCode(server.ctx.db, 'director')!.id}; departmentIds: ${departments.East}`);
    expect(log.text).not.toContain('<td>Signed in</td>');
  });
});
