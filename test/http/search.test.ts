import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '../support/http-client.js';
import { ADMIN, addUser, setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { createCompany } from '../../src/features/companies/service.js';
import { createContact } from '../../src/features/contacts/service.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { findUser } from '../../src/features/users/queries.js';
import { createDeal } from '../../src/features/deals/service.js';
import { allPipelines, stagesOf } from '../../src/features/pipelines/queries.js';

let server: TestServer;
const asUser = (id: number) => toCurrentUser(server.ctx.db, findUser(server.ctx.db, id)!);
const blankCompany = { typeId: null, industryId: null, legalName: null, taxId: null, kpp: null, ogrn: null, bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null };
const blankContact = { middleName: null, position: null, typeId: null, sourceId: null, birthday: null, comments: null, companyIds: [] };

beforeEach(async () => {
  server = await startTestServer();
  await setUpCompany(server.ctx);
});
afterEach(() => server.close());

describe('global search', () => {
  it('finds contacts and companies by surname fragment and phone in any formatting, only within rights', async () => {
    const anna = await addUser(server.ctx, { email: 'anna@example.com', password: 'Anna-pass-12', fullName: 'Anna' });
    createCompany(server.ctx, asUser(1), { ...blankCompany, title: 'ООО Смирнов и партнёры', responsibleId: 1, comms: [{ kind: 'phone', type: 'work', value: '+7 (495) 765-43-21' }] });
    createContact(server.ctx, asUser(anna.id), { ...blankContact, lastName: 'Смирнова', firstName: 'Ольга', responsibleId: anna.id, comms: [{ kind: 'phone', type: 'mobile', value: '8 916 765 43 21' }] });

    const admin = new Client(server.url);
    await admin.signIn(ADMIN.email, ADMIN.password);
    const page = await admin.get(`/search?q=${encodeURIComponent('смирн')}`);
    expect(page.text).toContain('Смирнова Ольга');
    expect(page.text).toContain('ООО Смирнов и партнёры');
    const dropdown = await admin.get(`/search?q=${encodeURIComponent('765-43')}`, { 'HX-Request': 'true', 'HX-Target': 'search-results' });
    expect(dropdown.text).not.toContain('<html');
    expect(dropdown.text).toContain('Смирнова Ольга');
    expect(dropdown.text).toContain('ООО Смирнов и партнёры');
    expect((await admin.get('/search?q=sm')).text).toContain('Type at least 3 characters');

    const a = new Client(server.url);
    await a.signIn('anna@example.com', 'Anna-pass-12');
    const mine = await a.get(`/search?q=${encodeURIComponent('смирн')}`);
    expect(mine.text).toContain('Смирнова Ольга');
    expect(mine.text).not.toContain('ООО Смирнов и партнёры');
  });

  it('says what matched, with the stage, the responsible and a contact\'s open deals', async () => {
    const company = createCompany(server.ctx, asUser(1), { ...blankCompany, title: 'ООО Вектор Плюс', responsibleId: 1, comms: [] });
    const contact = createContact(server.ctx, asUser(1), { ...blankContact, lastName: 'Орлова', firstName: 'Анна', responsibleId: 1, companyIds: [company.id], comms: [{ kind: 'phone', type: 'mobile', value: '+7 903 555-12-34' }] });
    const [open, , , , , won] = stagesOf(server.ctx.db, allPipelines(server.ctx.db)[0]!.id);
    const deal = { amount: '', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, companyId: company.id, contactId: contact.id, responsibleId: 1, everyone: false, comments: null };
    createDeal(server.ctx, asUser(1), { ...deal, title: 'Поставка бумаги', stageId: open!.id });
    createDeal(server.ctx, asUser(1), { ...deal, title: 'Старая сделка', stageId: won!.id });

    const admin = new Client(server.url);
    await admin.signIn(ADMIN.email, ADMIN.password);
    const byPhone = await admin.get(`/search?q=${encodeURIComponent('8 903 555')}`, { 'HX-Request': 'true', 'HX-Target': 'search-results' });
    expect(byPhone.text).toContain('Орлова Анна');
    expect(byPhone.text).toContain('Phone: <mark>+7 903 555-12-34</mark>');
    expect(byPhone.text).toContain('ООО Вектор Плюс');
    expect(byPhone.text).toContain(`Responsible: ${ADMIN.fullName}`);
    expect(byPhone.text).toContain('Поставка бумаги</a> <span class="chip"');
    expect(byPhone.text).not.toContain('Старая сделка');
    const byCompany = await admin.get(`/search?q=${encodeURIComponent('Вектор Плюс')}`);
    expect(byCompany.text).toMatch(/Поставка бумаги<\/span> <span class="chip"[^>]*>New<\/span>/);
  });
});
