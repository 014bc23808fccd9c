import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testContext } from '../../../test/support/context.js';
import { addUser, setUpCompany } from '../../../test/support/server.js';
import type { AppContext } from '../../context.js';
import { toCurrentUser, type CurrentUser } from '../../platform/auth/sessions.js';
import { loadComms, type Comm } from '../../platform/records/communications.js';
import { historyOf } from '../../platform/records/history.js';
import { searchIds } from '../../platform/records/search.js';
import { createCompany } from '../companies/service.js';
import { createContact, updateContact } from '../contacts/service.js';
import type { ContactInput } from '../contacts/form.js';
import { createDeal } from '../deals/service.js';
import { createLead } from '../leads/service.js';
import { findUser } from '../users/queries.js';
import { allLeadStatuses, allPipelines, stagesOf } from '../pipelines/queries.js';
import { findDuplicates, mergeRecords, unionComms } from './service.js';

let ctx: AppContext;
let admin: CurrentUser;
const asUser = (id: number) => toCurrentUser(ctx.db, findUser(ctx.db, id)!);

const blankCompany = { typeId: null, industryId: null, legalName: null, taxId: null, kpp: null, ogrn: null, bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null, comms: [] };
const contactInput = (over: Partial<ContactInput>): ContactInput => ({
  lastName: null, firstName: null, middleName: null, position: null, typeId: null, sourceId: null, birthday: null, responsibleId: 1, companyIds: [], comments: null, comms: [], ...over,
});
const phone = (value: string, type = 'mobile'): Comm => ({ kind: 'phone', type, value });
const email = (value: string): Comm => ({ kind: 'email', type: 'work', value });
const company = (title: string, comms: Comm[] = [], responsibleId = 1) => createCompany(ctx, admin, { ...blankCompany, title, responsibleId, comms });
const deal = (title: string, links: { contactId?: number; companyId?: number }) =>
  createDeal(ctx, admin, {
    title, stageId: stagesOf(ctx.db, allPipelines(ctx.db)[0]!.id)[0]!.id, amount: '', currency: 'RUB', probability: null, typeId: null, sourceId: null,
    expectedClose: null, contactId: links.contactId ?? null, companyId: links.companyId ?? null, responsibleId: 1, everyone: false, comments: null,
  });
const lead = (title: string, over: { lastName?: string; companyTitle?: string; comms?: Comm[]; responsibleId?: number } = {}) =>
  createLead(ctx, admin, {
    title, lastName: over.lastName ?? null, firstName: null, middleName: null, companyTitle: over.companyTitle ?? null, position: null,
    statusId: allLeadStatuses(ctx.db)[0]!.id, sourceId: null, amount: '', currency: 'RUB', responsibleId: over.responsibleId ?? 1, everyone: false, comments: null, comms: over.comms ?? [],
  });
const draft = (over: { name?: string; companyTitle?: string; comms?: Comm[] }) => ({ name: over.name ?? null, companyTitle: over.companyTitle ?? null, comms: over.comms ?? [] });
const row = <T>(query: ReturnType<typeof sql>) => ctx.db.all<T>(query);

beforeEach(async () => {
  ctx = testContext();
  await setUpCompany(ctx);
  admin = asUser(1);
});

describe('finding duplicates', () => {
  it('matches a phone in another formatting, an e-mail in another case, and a name ignoring case', () => {
    const petrov = createContact(ctx, admin, contactInput({ lastName: 'Петров', firstName: 'Иван', comms: [phone('8 (916) 123-45-67'), email('Ivan.Petrov@Example.com')] }));
    createContact(ctx, admin, contactInput({ lastName: 'Петрова', firstName: 'Анна', comms: [phone('+7 916 765-43-21')] }));
    const found = (d: Parameters<typeof draft>[0]) => findDuplicates(ctx, admin, 'contact', draft(d)).map((c) => [c.id, c.reasons]);
    expect(found({ comms: [phone('+7 916 1234567')] })).toEqual([[petrov.id, ['phone']]]);
    expect(found({ comms: [email('ivan.petrov@EXAMPLE.COM')] })).toEqual([[petrov.id, ['email']]]);
    expect(found({ name: 'петров  ИВАН' })).toEqual([[petrov.id, ['name']]]);
    expect(found({ name: 'Петров Иван', comms: [phone('89161234567')] })).toEqual([[petrov.id, ['phone', 'name']]]);
    // Part of a name, part of a number, or nothing typed yet: no warning.
    expect(found({ name: 'Петров' })).toEqual([]);
    expect(found({ comms: [phone('123-45')] })).toEqual([]);
    expect(found({})).toEqual([]);
  });

  it('matches companies by title and leads by person or company, never deleted records', () => {
    const vector = company('ООО «Вектор»', [phone('+7 495 000-11-22', 'work')]);
    company('ООО «Вектор-Плюс»');
    expect(findDuplicates(ctx, admin, 'company', draft({ name: 'ооо «вектор»' })).map((c) => c.id)).toEqual([vector.id]);
    expect(findDuplicates(ctx, admin, 'company', draft({ comms: [phone('84950001122')] })).map((c) => c.label)).toEqual(['ООО «Вектор»']);

    const first = lead('Сайт: заявка', { lastName: 'Соколов', companyTitle: 'Sokol Trading' });
    const second = lead('Звонок', { companyTitle: 'SOKOL trading' });
    expect(findDuplicates(ctx, admin, 'lead', draft({ name: 'соколов' })).map((c) => c.id)).toEqual([first.id]);
    expect(findDuplicates(ctx, admin, 'lead', draft({ companyTitle: 'Sokol Trading' })).map((c) => c.id)).toEqual([second.id, first.id]);
    ctx.db.run(sql`UPDATE leads SET deleted_at = 1 WHERE id = ${second.id}`);
    expect(findDuplicates(ctx, admin, 'lead', draft({ companyTitle: 'Sokol Trading' })).map((c) => c.id)).toEqual([first.id]);
  });

  it('shows only records the user may read', async () => {
    const anna = await addUser(ctx, { email: 'anna@example.com', password: 'Anna-pass-12', fullName: 'Anna' });
    createContact(ctx, admin, contactInput({ lastName: 'Hidden', comms: [phone('+7 903 111-22-33')] }));
    const own = createContact(ctx, asUser(anna.id), contactInput({ lastName: 'Own', responsibleId: anna.id, comms: [phone('8 903 111 22 33')] }));
    const seen = findDuplicates(ctx, asUser(anna.id), 'contact', draft({ name: 'Hidden', comms: [phone('+79031112233')] }));
    expect(seen.map((c) => c.label)).toEqual(['Own']);
    // A manager may not delete, so merging is not offered.
    expect(seen[0]!.mayMerge).toBe(false);
    expect(findDuplicates(ctx, admin, 'contact', draft({ comms: [phone('+79031112233')] })).map((c) => [c.id === own.id, c.mayMerge])).toEqual([[true, true], [false, true]]);
  });

  it('keeps each communication once by its normalised value, the kept record\'s first', () => {
    expect(unionComms([phone('8 (916) 123-45-67'), email('a@x.ru')], [phone('+7 916 1234567', 'work'), email('A@X.RU'), phone('8 495 000-00-00')])).toEqual([
      phone('8 (916) 123-45-67'),
      email('a@x.ru'),
      phone('8 495 000-00-00'),
    ]);
  });
});

describe('merging', () => {
  it('merges two contacts keeping every deal, lead link, company pair, communication and history entry, and the chosen values', () => {
    const vector = company('Вектор');
    const romashka = company('Ромашка');
    const kept = createContact(ctx, admin, contactInput({ lastName: 'Петров', firstName: 'Иван', position: 'Закупщик', companyIds: [vector.id], comms: [phone('8 (916) 123-45-67'), email('ivan@vector.ru')] }));
    const other = createContact(ctx, admin, contactInput({ lastName: 'ПЕТРОВ', firstName: 'Иван', middleName: 'Сергеевич', companyIds: [vector.id, romashka.id], comms: [phone('+7 916 1234567'), phone('8 495 222-33-44', 'work')] }));
    updateContact(ctx, admin, other.id, contactInput({ lastName: 'ПЕТРОВ', firstName: 'Иван', middleName: 'Сергеевич', position: 'Директор', companyIds: [vector.id, romashka.id], comms: [phone('+7 916 1234567'), phone('8 495 222-33-44', 'work')] }));
    const keptDeal = deal('Ноутбуки', { contactId: kept.id });
    const otherDeal = deal('Мониторы', { contactId: other.id, companyId: romashka.id });
    const convertedFrom = lead('Заявка');
    ctx.db.run(sql`UPDATE leads SET contact_id = ${other.id} WHERE id = ${convertedFrom.id}`);
    const otherHistory = historyOf(ctx.db, 'contact', other.id).map((h) => h.entry.id);

    mergeRecords(ctx, admin, 'contact', kept.id, other.id, { lastName: 'kept', middleName: 'other', position: 'other' });

    const merged = row<{ full_name: string; position: string; middle_name: string; deleted_at: number | null }>(sql`SELECT full_name, position, middle_name, deleted_at FROM contacts WHERE id = ${kept.id}`)[0]!;
    expect(merged).toEqual({ full_name: 'Петров Иван Сергеевич', position: 'Директор', middle_name: 'Сергеевич', deleted_at: null });
    expect(loadComms(ctx.db, 'contact', [kept.id]).get(kept.id)!.map((c) => c.value)).toEqual(['8 (916) 123-45-67', 'ivan@vector.ru', '8 495 222-33-44']);
    expect(loadComms(ctx.db, 'contact', [other.id]).get(other.id)).toBeUndefined();
    expect(row(sql`SELECT contact_id AS contact, company_id AS company FROM contact_companies ORDER BY company_id`)).toEqual([
      { contact: kept.id, company: vector.id },
      { contact: kept.id, company: romashka.id },
    ]);
    expect(row(sql`SELECT id, contact_id AS contact FROM deals ORDER BY id`)).toEqual([{ id: keptDeal.id, contact: kept.id }, { id: otherDeal.id, contact: kept.id }]);
    expect(row(sql`SELECT contact_id AS contact FROM leads`)).toEqual([{ contact: kept.id }]);
    expect(historyOf(ctx.db, 'deal', otherDeal.id).at(-1)!.entry).toMatchObject({ kind: 'changed', field: 'contact', oldValue: 'ПЕТРОВ Иван Сергеевич', newValue: 'Петров Иван Сергеевич' });

    const history = historyOf(ctx.db, 'contact', kept.id);
    expect(history.map((h) => h.entry.id)).toEqual(expect.arrayContaining(otherHistory));
    expect(history.find((h) => h.entry.kind === 'merged')!.entry).toMatchObject({ oldValue: `contact:${other.id} (ПЕТРОВ Иван Сергеевич)`, userId: 1 });
    expect(history.find((h) => h.entry.field === 'position' && h.entry.oldValue === 'Закупщик')!.entry.newValue).toBe('Директор');
    expect(history.find((h) => h.entry.field === 'companies' && h.entry.kind === 'changed' && h.entry.oldValue === 'Вектор')!.entry.newValue).toBe('Вектор, Ромашка');
    expect(historyOf(ctx.db, 'contact', other.id).map((h) => [h.entry.kind, h.entry.newValue])).toEqual([['merged', `contact:${kept.id} (Петров Иван Сергеевич)`], ['deleted', null]]);
    expect(row(sql`SELECT deleted_by AS by FROM contacts WHERE id = ${other.id}`)).toEqual([{ by: 1 }]);

    expect(searchIds(ctx.db, 'contact', '495 222')).toEqual([kept.id]);
    expect(searchIds(ctx.db, 'contact', 'Сергеевич')).toEqual([kept.id]);
    expect(searchIds(ctx.db, 'deal', 'Сергеевич')?.sort()).toEqual([keptDeal.id, otherDeal.id].sort());
  });

  it('merges two companies: contacts and deals follow, no contact is linked twice', () => {
    const kept = company('Вектор', [phone('+7 495 000-11-22', 'work')]);
    const other = company('ВЕКТОР', [phone('8 495 000 11 22', 'work'), email('info@vector.ru')]);
    const both = createContact(ctx, admin, contactInput({ lastName: 'Иванов', companyIds: [kept.id, other.id] }));
    const onlyOther = createContact(ctx, admin, contactInput({ lastName: 'Сидоров', companyIds: [other.id] }));
    const otherDeal = deal('Поставка', { companyId: other.id });
    const otherLead = lead('Заявка');
    ctx.db.run(sql`UPDATE leads SET company_id = ${other.id} WHERE id = ${otherLead.id}`);

    mergeRecords(ctx, admin, 'company', kept.id, other.id, { title: 'other' });

    expect(row(sql`SELECT title FROM companies WHERE id = ${kept.id}`)).toEqual([{ title: 'ВЕКТОР' }]);
    expect(row(sql`SELECT contact_id AS contact, company_id AS company FROM contact_companies ORDER BY contact_id`)).toEqual([
      { contact: both.id, company: kept.id },
      { contact: onlyOther.id, company: kept.id },
    ]);
    expect(row(sql`SELECT company_id AS company FROM deals WHERE id = ${otherDeal.id}`)).toEqual([{ company: kept.id }]);
    expect(row(sql`SELECT company_id AS company FROM leads`)).toEqual([{ company: kept.id }]);
    expect(loadComms(ctx.db, 'company', [kept.id]).get(kept.id)!.map((c) => c.value)).toEqual(['+7 495 000-11-22', 'info@vector.ru']);
    expect(searchIds(ctx.db, 'company', 'ВЕКТОР')).toEqual([kept.id]);
    expect(row(sql`SELECT deleted_at IS NOT NULL AS gone FROM companies WHERE id = ${other.id}`)).toEqual([{ gone: 1 }]);
  });

  it('merges two leads; a converted lead stays converted with its links', () => {
    const kept = lead('Заявка с сайта', { lastName: 'Соколов', comms: [phone('+7 916 000-11-22')] });
    const other = lead('Звонок', { lastName: 'Соколов', companyTitle: 'Sokol', comms: [email('p@sokol.ru')] });
    const contact = createContact(ctx, admin, contactInput({ lastName: 'Соколов' }));
    const converted = allLeadStatuses(ctx.db).find((s) => s.semantics === 'converted')!;
    ctx.db.run(sql`UPDATE leads SET status_id = ${converted.id}, converted_at = 5, contact_id = ${contact.id} WHERE id = ${other.id}`);

    mergeRecords(ctx, admin, 'lead', kept.id, other.id, { title: 'kept', status: 'kept' });

    expect(row(sql`SELECT title, company_title AS companyTitle, status_id AS status, converted_at AS at, contact_id AS contact FROM leads WHERE id = ${kept.id}`)).toEqual([
      { title: 'Заявка с сайта', companyTitle: 'Sokol', status: converted.id, at: 5, contact: contact.id },
    ]);
    expect(loadComms(ctx.db, 'lead', [kept.id]).get(kept.id)!.map((c) => c.value)).toEqual(['+7 916 000-11-22', 'p@sokol.ru']);
  });
});
