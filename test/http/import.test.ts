import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Client } from '../support/http-client.js';
import { IMPORT_FIXTURES, job, mappingOf, startImport, uploadImport } from '../support/import.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';

let server: TestServer;
let admin: Client;

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

const all = <T>(sql: string, ...params: unknown[]) => server.ctx.sqlite.prepare(sql).all(...params) as T[];
const one = <T>(sql: string, ...params: unknown[]) => server.ctx.sqlite.prepare(sql).get(...params) as T;
const commsOf = (entity: string, id: number) => all<{ kind: string; type: string; value: string }>('SELECT kind, type, value FROM communications WHERE entity = ? AND entity_id = ? ORDER BY sort', entity, id);

describe('import of Bitrix24 contacts', () => {
  it('recognises the Russian export, imports the good rows and reports each broken one with its reason', async () => {
    const id = await uploadImport(admin, 'contact', 'bitrix-contacts-ru.csv');
    const page = await admin.get(`/import/jobs/${id}`);
    expect(mappingOf(page.text)).toMatchObject({ 'map.2': 'firstName', 'map.3': 'middleName', 'map.4': 'lastName', 'map.5': 'birthday', 'map.7': 'phone.work', 'map.8': 'phone.mobile', 'map.9': 'email.work', 'map.10': 'email.home', 'map.11': 'company', 'map.13': 'responsible', 'map.14': 'comments' });
    // The preview writes nothing and shows the problems next to their cells.
    expect(page.text).toContain('will be created');
    expect(page.text).toContain('no active user &#34;Неизвестный Сотрудник&#34;');
    expect(one<{ n: number }>('SELECT count(*) n FROM contacts').n).toBe(0);

    const res = await startImport(server, admin, id);
    expect(res.status).toBe(303);
    expect(job(server, id)).toMatchObject({ status: 'done', position: 5, total_rows: 5, created: 3, rejected: 2 });

    const petrov = one<{ id: number; first_name: string; middle_name: string; birthday: string; position: string; comments: string; responsible_id: number }>("SELECT * FROM contacts WHERE last_name = 'Петров'");
    expect(petrov).toMatchObject({ first_name: 'Иван', middle_name: 'Сергеевич', birthday: '1985-03-14', position: 'Директор', comments: 'Постоянный клиент; скидка 5%', responsible_id: 1 });
    expect(commsOf('contact', petrov.id)).toEqual([
      { kind: 'phone', type: 'work', value: '+7 (495) 123-45-67' },
      { kind: 'phone', type: 'mobile', value: '8 916 111-22-33' },
      { kind: 'phone', type: 'mobile', value: '8 916 111-22-44' },
      { kind: 'email', type: 'work', value: 'petrov@vector-stroy.ru' },
      { kind: 'email', type: 'home', value: 'ivan.petrov@mail.ru' },
    ]);
    // The company named by two contacts is made once and linked to both.
    const companies = all<{ id: number; title: string }>('SELECT id, title FROM companies ORDER BY id');
    expect(companies.map((c) => c.title)).toEqual(['ООО «Вектор-Строй»', 'АО «Север»']);
    expect(all('SELECT contact_id FROM contact_companies WHERE company_id = ?', companies[0]!.id)).toHaveLength(2);
    // An empty "Ответственный" takes the default.
    expect(one<{ responsible_id: number }>("SELECT responsible_id FROM contacts WHERE last_name = 'Соколов'").responsible_id).toBe(1);
    // Found by the search index like any contact.
    const found = await admin.get('/contacts?q=Петров');
    expect(found.text).toContain('Петров Иван Сергеевич');

    const result = await admin.get(`/import/jobs/${id}`);
    expect(result.text).toMatch(/data-count="created">3</);
    // 31.02.1990 is no day: refused beside the e-mail.
    expect(result.text).toMatch(/<td class="num">4<\/td><td>Дата рождения: Enter a date as DD\/MM\/YYYY\.; Рабочий e-mail: Enter an e-mail address like name@example.com/);
    expect(result.text).toContain('Ответственный: no active user');

    const csv = await admin.get(`/import/jobs/${id}/rejected.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^ID;Обращение;Имя;.*;Import error$/);
    expect(lines[1]).toMatch(/^103;;Алексей;/);
    expect(lines[2]).toMatch(/^104;;Ольга;.*no active user ""Неизвестный Сотрудник""/);

    const audit = all<{ kind: string; details: string }>("SELECT kind, details FROM audit_log WHERE kind = 'import.finished'");
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ entity: 'contact', created: 3, rejected: 2, status: 'done' });
  });

  it('imports the English export and a windows-1251 file the same way', async () => {
    const en = await uploadImport(admin, 'contact', 'bitrix-contacts-en.csv');
    const page = await admin.get(`/import/jobs/${en}`);
    expect(mappingOf(page.text)).toMatchObject({ 'map.1': 'firstName', 'map.2': 'middleName', 'map.3': 'lastName', 'map.5': 'phone.work', 'map.6': 'phone.mobile', 'map.7': 'email.work', 'map.8': 'email.home', 'map.9': 'company', 'map.10': 'responsible' });
    await startImport(server, admin, en);
    expect(job(server, en)).toMatchObject({ status: 'done', created: 2, rejected: 1 });
    const jane = one<{ id: number; full_name: string }>("SELECT id, full_name FROM contacts WHERE first_name = 'Jane'");
    expect(jane.full_name).toBe('Doe Jane');
    expect(commsOf('contact', jane.id).map((c) => c.value)).toEqual(['+44 20 7946 0958', 'jane.doe@globex.example', 'jane@home.example']);

    const cp = await uploadImport(admin, 'contact', 'bitrix-contacts-ru-1251.csv');
    const mapped = await admin.get(`/import/jobs/${cp}`);
    expect(mapped.text).toContain('windows-1251');
    expect(mapped.text).toContain('Мобильный телефон');
    await startImport(server, admin, cp);
    expect(job(server, cp)).toMatchObject({ status: 'done', created: 3, rejected: 2 });
    expect(one<{ title: string }>("SELECT title FROM companies WHERE title LIKE 'ООО%'").title).toBe('ООО «Вектор-Строй»');
  });

  it('reads an XLSX workbook: dates, numbers and text cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Контакты');
    ws.addRow(['Имя', 'Фамилия', 'Дата рождения', 'Мобильный телефон', 'Рабочий e-mail', 'Ответственный']);
    ws.addRow(['Сергей', 'Морозов', new Date(Date.UTC(1990, 4, 17)), 79161234567, 'morozov@example.ru', 'Анна Админова']);
    ws.addRow(['Елена', 'Новикова', '', '+7 926 000-00-01', 'novikova@example.ru', '']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const id = await uploadImport(admin, 'contact', 'contacts.xlsx', file);
    await startImport(server, admin, id);
    expect(job(server, id)).toMatchObject({ status: 'done', created: 2, rejected: 0 });
    const morozov = one<{ id: number; birthday: string }>("SELECT id, birthday FROM contacts WHERE last_name = 'Морозов'");
    expect(morozov.birthday).toBe('1990-05-17');
    expect(commsOf('contact', morozov.id)[0]).toMatchObject({ kind: 'phone', type: 'mobile', value: '79161234567' });
  });
});

describe('duplicates', () => {
  const twice = async (duplicates: string) => {
    const first = await uploadImport(admin, 'contact', 'bitrix-contacts-ru.csv');
    await startImport(server, admin, first);
    const changed = fs.readFileSync(path.join(IMPORT_FIXTURES, 'bitrix-contacts-ru.csv'), 'utf8').replace('"Директор"', '"Генеральный директор"').replace('"+7 (495) 123-45-67";"8 916', '"+7 (495) 123-45-67, +7 495 999-00-00";"8 916');
    const second = await uploadImport(admin, 'contact', 'again.csv', changed);
    await startImport(server, admin, second, { duplicates });
    return job(server, second);
  };

  it('skips a contact found by e-mail or phone', async () => {
    expect(await twice('skip')).toMatchObject({ created: 0, skipped: 3, updated: 0, rejected: 2 });
    expect(one<{ n: number }>("SELECT count(*) n FROM contacts WHERE last_name = 'Петров'").n).toBe(1);
    expect(one<{ position: string }>("SELECT position FROM contacts WHERE last_name = 'Петров'").position).toBe('Директор');
  });

  it('updates it: filled cells over the stored values, new phones added, nothing doubled', async () => {
    expect(await twice('update')).toMatchObject({ created: 0, updated: 3, skipped: 0 });
    const petrov = one<{ id: number; position: string }>("SELECT id, position FROM contacts WHERE last_name = 'Петров'");
    expect(petrov.position).toBe('Генеральный директор');
    expect(commsOf('contact', petrov.id).map((c) => c.value)).toEqual(['+7 (495) 123-45-67', '8 916 111-22-33', '8 916 111-22-44', '+7 495 999-00-00', 'petrov@vector-stroy.ru', 'ivan.petrov@mail.ru']);
    expect(all('SELECT 1 FROM contact_companies WHERE contact_id = ?', petrov.id)).toHaveLength(1);
    const history = all<{ field: string }>("SELECT field FROM history WHERE entity = 'contact' AND entity_id = ? AND kind = 'changed'", petrov.id);
    expect(history.map((h) => h.field)).toContain('position');
  });

  it('creates them again when asked to', async () => {
    expect(await twice('create')).toMatchObject({ created: 3, skipped: 0, updated: 0 });
    expect(one<{ n: number }>("SELECT count(*) n FROM contacts WHERE last_name = 'Петров'").n).toBe(2);
  });

  it('finds a company by its INN', async () => {
    const first = await uploadImport(admin, 'company', 'bitrix-companies-en.csv');
    await startImport(server, admin, first);
    expect(job(server, first)).toMatchObject({ created: 2, rejected: 1 });
    const renamed = fs.readFileSync(path.join(IMPORT_FIXTURES, 'bitrix-companies-en.csv'), 'utf8').replace('"Vector-Stroy LLC"', '"ООО Вектор-Строй"').replace(/"\+7 [^"]+"/g, '""').replace(/"[a-z.]+@[^"]+"/g, '""');
    const second = await uploadImport(admin, 'company', 'again.csv', renamed);
    await startImport(server, admin, second, { duplicates: 'update', matchBy: 'taxId' });
    expect(job(server, second)).toMatchObject({ created: 0, updated: 2, rejected: 1 });
    expect(one<{ title: string; kpp: string }>("SELECT title, kpp FROM companies WHERE tax_id = '7701234567'")).toEqual({ title: 'ООО Вектор-Строй', kpp: '770101001' });
  });
});

describe('other records', () => {
  it('imports Bitrix24 deals with stage, pipeline, money, contact and company by name', async () => {
    const contacts = await uploadImport(admin, 'contact', 'bitrix-contacts-ru.csv');
    await startImport(server, admin, contacts);
    const id = await uploadImport(admin, 'deal', 'bitrix-deals-ru.csv');
    await startImport(server, admin, id);
    expect(job(server, id)).toMatchObject({ status: 'done', created: 2, rejected: 2 });
    const deal = one<{ amount_minor: number; currency: string; probability: number; expected_close: string; contact_id: number; company_id: number; stage_id: number }>("SELECT * FROM deals WHERE title = 'Поставка бетона М300'");
    expect(deal).toMatchObject({ amount_minor: 125_000_000, currency: 'RUB', probability: 60, expected_close: '2024-06-30' });
    expect(one<{ last_name: string }>('SELECT last_name FROM contacts WHERE id = ?', deal.contact_id).last_name).toBe('Петров');
    expect(one<{ title: string }>('SELECT title FROM companies WHERE id = ?', deal.company_id).title).toBe('ООО «Вектор-Строй»');
    expect(one<{ code: string }>('SELECT code FROM stages WHERE id = ?', deal.stage_id).code).toBe('proposal');
    const won = one<{ amount_minor: number; closed_at: number | null; stage_id: number }>("SELECT * FROM deals WHERE title = 'Монтаж кровли'");
    expect(won.amount_minor).toBe(48_000_050);
    expect(won.closed_at).not.toBeNull();
    const rejects = all<{ row_no: number; reasons: string }>('SELECT row_no, reasons FROM import_rejects WHERE job_id = ? ORDER BY row_no', id);
    expect(rejects.map((r) => [r.row_no, JSON.parse(r.reasons)[0].key])).toEqual([[4, 'import.error.unknownStage'], [5, 'validation.money']]);

    const en = await uploadImport(admin, 'deal', 'bitrix-deals-en.csv');
    await startImport(server, admin, en);
    expect(job(server, en)).toMatchObject({ created: 2, rejected: 0 });
    const support = one<{ currency: string; contact_id: number; stage_id: number }>("SELECT * FROM deals WHERE title = 'Annual support'");
    expect(support.currency).toBe('USD');
    expect(one<{ code: string }>('SELECT code FROM stages WHERE id = ?', support.stage_id).code).toBe('negotiation');
    expect(one<{ full_name: string }>('SELECT full_name FROM contacts WHERE id = ?', support.contact_id).full_name).toBe('Smith John');
  });

  it('imports leads with their status, and products from a tab-separated file', async () => {
    const leads = await uploadImport(admin, 'lead', 'leads-ru.csv');
    await startImport(server, admin, leads);
    expect(job(server, leads)).toMatchObject({ created: 2, rejected: 0 });
    const lead = one<{ company_title: string; status_id: number; amount_minor: number }>("SELECT * FROM leads WHERE title = 'Заявка с сайта'");
    expect(lead).toMatchObject({ company_title: 'ООО Ромашка', amount_minor: 1_500_000 });
    expect(one<{ code: string }>('SELECT code FROM lead_statuses WHERE id = ?', lead.status_id).code).toBe('inProgress');
    // Imported leads for a colleague tell them nothing: an import is not 200 "assigned to you".
    const boris = await addUser(server.ctx, { email: 'boris.leads@example.com', password: 'Boris-pass-123', fullName: 'Борис Лидов' });
    const forBoris = await uploadImport(admin, 'lead', 'leads-boris.csv', 'Название лида,Ответственный\nЛид для Бориса,boris.leads@example.com\n');
    await startImport(server, admin, forBoris);
    expect(job(server, forBoris)).toMatchObject({ created: 1, rejected: 0 });
    expect(one<{ responsible_id: number }>("SELECT responsible_id FROM leads WHERE title = 'Лид для Бориса'").responsible_id).toBe(boris.id);
    expect(all('SELECT 1 FROM notifications WHERE user_id = ?', boris.id)).toHaveLength(0);

    const products = await uploadImport(admin, 'product', 'products.csv');
    await startImport(server, admin, products);
    expect(job(server, products)).toMatchObject({ created: 2, rejected: 0 });
    expect(all('SELECT sku, price_minor, vat_bp FROM products ORDER BY id')).toEqual([
      { sku: 'BET-300', price_minor: 540_000, vat_bp: 2000 },
      { sku: 'KR-01', price_minor: 120_000, vat_bp: null },
    ]);
  });

  it('fills custom fields: text, list options by label, yes/no, dates', async () => {
    await admin.get('/settings/fields');
    for (const field of [
      { entity: 'contact', label: 'Номер карты', code: 'card', type: 'string' },
      { entity: 'contact', label: 'Категория', code: 'category', type: 'list', newOptions: 'VIP\nОбычный' },
      { entity: 'contact', label: 'Рассылка', code: 'news', type: 'boolean' },
      { entity: 'contact', label: 'Первая покупка', code: 'first', type: 'date' },
    ] as Record<string, string>[]) expect((await admin.post('/settings/fields', field)).status).toBe(303);
    const id = await uploadImport(admin, 'contact', 'custom.csv', 'Фамилия;Номер карты;Категория;Рассылка;Первая покупка\nОрлова;К-0001;VIP;да;01.02.2024\nИльин;К-0002;Особый;нет;\n');
    const page = await admin.get(`/import/jobs/${id}`);
    expect(mappingOf(page.text)).toEqual({ 'map.0': 'lastName', 'map.1': 'cf.card', 'map.2': 'cf.category', 'map.3': 'cf.news', 'map.4': 'cf.first' });
    await startImport(server, admin, id);
    expect(job(server, id)).toMatchObject({ created: 1, rejected: 1 });
    const custom = JSON.parse(one<{ custom: string }>("SELECT custom FROM contacts WHERE last_name = 'Орлова'").custom);
    const vip = all<{ id: number; label: string }>("SELECT options FROM custom_fields WHERE code = 'category'").map((r) => JSON.parse((r as unknown as { options: string }).options) as { id: number; label: string }[])[0]!.find((o) => o.label === 'VIP')!;
    expect(custom).toEqual({ card: 'К-0001', category: vip.id, news: true, first: '2024-02-01' });
    expect(JSON.parse(one<{ reasons: string }>('SELECT reasons FROM import_rejects WHERE job_id = ?', id).reasons)[0]).toMatchObject({ column: 'Категория', key: 'import.error.unknownOption' });
  });

  it('saves a mapping as a preset and applies it to the next file', async () => {
    const id = await uploadImport(admin, 'contact', 'custom.csv', 'Кто,Где,Почта\nИванов Иван,ООО Ромашка,ivanov@romashka.ru\n');
    const page = await admin.get(`/import/jobs/${id}`);
    expect(mappingOf(page.text)).toEqual({});
    const saved = await admin.post(`/import/jobs/${id}`, { 'map.0': 'fullName', 'map.1': 'company', 'map.2': 'email.work', currency: 'RUB', responsibleId: '1', action: 'preset', presetName: 'Старая таблица' });
    expect(saved.status).toBe(303);
    const next = await uploadImport(admin, 'contact', 'custom2.csv', 'Кто,Почта\nПетров Пётр,petrov@romashka.ru\n');
    const nextPage = await admin.get(`/import/jobs/${next}`);
    const presetId = /<option value="(\d+)">Старая таблица<\/option>/.exec(nextPage.text)![1]!;
    const applied = await admin.post(`/import/jobs/${next}`, { currency: 'RUB', responsibleId: '1', action: 'apply', presetId });
    expect(mappingOf(applied.text)).toEqual({ 'map.0': 'fullName', 'map.1': 'email.work' });
  });
});

describe('refusals, cancellation and restarts', () => {
  it('refuses files that are no table and users without the import right', async () => {
    await admin.get('/import/contact');
    const empty = await admin.postMultipart('/import/upload?entity=contact', {}, [{ field: 'file', name: 'x.csv', content: 'Имя\n' }]);
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('The file has no rows');
    const pdf = await admin.postMultipart('/import/upload?entity=contact', {}, [{ field: 'file', name: 'x.xlsx', content: Buffer.from('PK\u0003\u0004garbage') }]);
    expect(pdf.status).toBe(422);

    await addUser(server.ctx, { email: 'manager@example.com', password: 'Pass-word-123', fullName: 'Менеджер', role: 'manager' });
    const manager = new Client(server.url);
    await manager.signIn('manager@example.com', 'Pass-word-123');
    expect((await manager.get('/import/contact')).status).toBe(403);
    expect((await manager.get('/import')).status).toBe(403);
    const list = await manager.get('/contacts');
    expect(list.text).not.toContain('href="/import/contact"');
    expect((await admin.get('/contacts')).text).toContain('href="/import/contact"');
    const upload = await manager.postMultipart('/import/upload?entity=contact', {}, [{ field: 'file', name: 'a.csv', content: 'Имя\nИван\n' }]);
    expect(upload.status).toBe(403);
    // Someone else's job is not there at all.
    const id = await uploadImport(admin, 'contact', 'bitrix-contacts-en.csv');
    expect((await manager.get(`/import/jobs/${id}`)).status).toBe(404);
  });

  it('cancelled between batches: keeps the completed batches only, and its counts match the records', async () => {
    const rows = Array.from({ length: 2600 }, (_, i) => `Фамилия${i},Имя${i},user${i}@example.ru`);
    const id = await uploadImport(admin, 'contact', 'big.csv', `Фамилия,Имя,Рабочий e-mail\n${rows.join('\n')}\n`);
    const page = await admin.get(`/import/jobs/${id}`);
    await admin.post(`/import/jobs/${id}`, { ...mappingOf(page.text), duplicates: 'skip', matchBy: 'email', responsibleId: '1', currency: 'RUB', action: 'start' });
    const cancel = await admin.post(`/import/jobs/${id}/cancel`, {});
    expect(cancel.status).toBe(303);
    const { settled } = await import('../../src/features/import/job.js');
    await settled(server.ctx, id);
    const j = job(server, id);
    expect(j.status).toBe('cancelled');
    expect(j.position).toBeLessThan(2600);
    const n = one<{ n: number }>('SELECT count(*) n FROM contacts').n;
    expect(n).toBe(j.position);
    expect(j.created).toBe(n);
    expect(one<{ n: number }>("SELECT count(*) n FROM communications WHERE entity = 'contact'").n).toBe(n);
    const result = await admin.get(`/import/jobs/${id}`);
    expect(result.text).toContain(`The first ${n.toLocaleString('en')} rows were imported`);
  });

  it('marks a job cut off by a restart as interrupted, and continues it from its position', async () => {
    const id = await uploadImport(admin, 'contact', 'bitrix-contacts-en.csv');
    const page = await admin.get(`/import/jobs/${id}`);
    const { markInterrupted, updateJob } = await import('../../src/features/import/queries.js');
    const { recoverJobs, settled } = await import('../../src/features/import/job.js');
    // As a process that died mid-way would have left it: mapped, running, one row done.
    await admin.post(`/import/jobs/${id}`, { ...mappingOf(page.text), currency: 'RUB', responsibleId: '1', duplicates: 'skip', matchBy: 'email', action: 'preview' });
    updateJob(server.ctx.db, id, { status: 'running', position: 1, created: 1 });
    recoverJobs(server.ctx);
    expect(job(server, id).status).toBe('interrupted');
    expect(markInterrupted(server.ctx.db, 0)).toBe(0);
    const shown = await admin.get(`/import/jobs/${id}`);
    expect(shown.text).toContain('Interrupted by a server restart');
    expect(shown.text).toContain('Continue from where it stopped');
    await admin.post(`/import/jobs/${id}/continue`, {});
    await settled(server.ctx, id);
    // Row 1 (John Smith) counts as done before the restart; the rest are imported now.
    expect(job(server, id)).toMatchObject({ status: 'done', position: 3, created: 2, rejected: 1 });
    expect(all("SELECT 1 FROM contacts WHERE first_name = 'John'")).toHaveLength(0);
  });
});
