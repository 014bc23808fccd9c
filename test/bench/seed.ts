/**
 * Seeds a realistic data set for the CRM benchmark into a data folder: 200 000 contacts, 50 000
 * companies, 100 000 leads, 200 000 deals, Russian and English names, phones in varied formats,
 * e-mails, custom field values (a list and a string on deals, a string on contacts), spread over 20
 * managers; 150 000 calls, meetings and tasks on the deals over four months around today (the past ones
 * mostly done), and the history's "created" entry of every record — written in the same shapes the
 * services write (communications with normalised values, the search index, an activity bound to its
 * deal's contact and company too), in big transactions for speed.
 *
 *   npx tsx test/bench/seed.ts <data-folder>
 */
import path from 'node:path';
import { openContext } from '../../src/boot.js';
import { defaults } from '../../src/config.js';
import { completeSetup } from '../../src/features/setup/service.js';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import { normalize } from '../../src/platform/records/communications.js';
import { searchTables } from '../../src/platform/records/search.js';

export const SIZES = { companies: 50_000, contacts: 200_000, leads: 100_000, deals: 200_000, activities: 150_000, managers: 20 };
export const BENCH_ADMIN = { email: 'bench@example.com', password: 'Bench-pass-123' };

const ruLast = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев'];
const ruFirst = ['Александр', 'Дмитрий', 'Максим', 'Сергей', 'Андрей', 'Алексей', 'Артём', 'Илья', 'Кирилл', 'Михаил', 'Анна', 'Мария', 'Елена', 'Ольга', 'Наталья'];
const enLast = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Martin', 'Jackson', 'Thompson'];
const enFirst = ['James', 'John', 'Robert', 'Michael', 'William', 'David', 'Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Susan'];
const words = ['Вектор', 'Альфа', 'Гранит', 'Полюс', 'Сибирь', 'Восток', 'Техно', 'Прогресс', 'Global', 'Nordic', 'Prime', 'Atlas', 'Orion', 'Delta', 'Vega', 'Север'];
const forms = ['ООО', 'АО', 'ИП', 'LLC', 'Ltd', 'GmbH'];

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(list: T[]): T => list[Math.floor(rnd() * list.length)]!;
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');

/** A phone as people type it: the formats vary on purpose. */
function phone(): string {
  const a = digits(3);
  const b = digits(3);
  const c = digits(2);
  const d = digits(2);
  return pick([`+7 (${a}) ${b}-${c}-${d}`, `8 ${a} ${b} ${c} ${d}`, `+7${a}${b}${c}${d}`, `8(${a})${b}-${c}${d}`, `+1 ${a} ${b} ${c}${d}`]);
}

async function main() {
  const dataDir = path.resolve(process.argv[2] ?? 'bench-data');
  const ctx = await openContext({ ...defaults, dataDir, backupDir: path.join(dataDir, 'backups'), backupTime: 'off', logLevel: 'warn' }, { logLevel: 'warn', claim: 'serve' });
  const { sqlite } = ctx;
  const t0 = Date.now();
  await completeSetup(ctx, { locale: 'ru', fullName: 'Bench Admin', email: BENCH_ADMIN.email, password: BENCH_ADMIN.password, companyName: 'Бенчмарк', legalName: null, taxId: null, address: null, phone: null, timeZone: 'Europe/Moscow', baseCurrency: 'RUB' });
  const hash = await hashPassword('Manager-pass-123');
  const now = Date.now();
  const managerRole = (sqlite.prepare(`SELECT id FROM roles WHERE code = 'manager'`).get() as { id: number }).id;
  const owners: number[] = [1];
  sqlite.transaction(() => {
    for (let i = 1; i <= SIZES.managers; i++) {
      const id = Number(sqlite.prepare('INSERT INTO users (email, full_name, password_hash, locale, is_active, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)').run(`manager${i}@example.com`, `${pick(ruLast)} ${pick(ruFirst)}`, hash, 'ru', now, now).lastInsertRowid);
      sqlite.prepare('INSERT INTO user_roles (user_id, role_id) VALUES (?, ?)').run(id, managerRole);
      owners.push(id);
    }
  })();
  const stages = sqlite.prepare('SELECT id, pipeline_id AS p FROM stages ORDER BY sort').all() as { id: number; p: number }[];
  const statuses = (sqlite.prepare(`SELECT id FROM lead_statuses WHERE semantics = 'open'`).all() as { id: number }[]).map((s) => s.id);

  // Custom fields as an administrator would define them: a list and a string on deals, a string on contacts.
  const field = sqlite.prepare('INSERT INTO custom_fields (entity, code, label, type, options, sort, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const channels = ['Сайт', 'Звонок', 'Выставка', 'Партнёр'].map((label, i) => ({ id: i + 1, label }));
  field.run('deal', 'channel', 'Канал продаж', 'list', JSON.stringify(channels), 1, now);
  field.run('deal', 'contract', 'Номер договора', 'string', '[]', 2, now);
  field.run('contact', 'telegram', 'Telegram', 'string', '[]', 1, now);

  const comm = sqlite.prepare('INSERT INTO communications (entity, entity_id, kind, type, value, normalized, sort) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const index = Object.fromEntries(Object.entries(searchTables).map(([entity, table]) => [entity, sqlite.prepare(`INSERT INTO ${table} (rowid, body) VALUES (?, ?)`)]));
  const batch = (total: number, insertOne: (i: number) => void) => {
    for (let start = 0; start < total; start += 10_000) {
      sqlite.transaction(() => {
        for (let i = start; i < Math.min(total, start + 10_000); i++) insertOne(i);
      })();
    }
  };

  const insCompany = sqlite.prepare('INSERT INTO companies (title, tax_id, responsible_id, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  batch(SIZES.companies, (i) => {
    const title = `${pick(forms)} ${pick(words)} ${pick(words)} ${i}`;
    const taxId = digits(10);
    const at = now - Math.floor(rnd() * 3e10);
    const id = Number(insCompany.run(title, taxId, pick(owners), 1, at, at).lastInsertRowid);
    const p = phone();
    comm.run('company', id, 'phone', 'work', p, normalize('phone', p), 0);
    index.company!.run(id, [title, taxId, p, normalize('phone', p)].join(' \n '));
  });

  const insContact = sqlite.prepare('INSERT INTO contacts (last_name, first_name, full_name, responsible_id, custom, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const link = sqlite.prepare('INSERT INTO contact_companies (contact_id, company_id) VALUES (?, ?)');
  batch(SIZES.contacts, (i) => {
    const ru = i % 3 !== 0;
    const last = ru ? pick(ruLast) : pick(enLast);
    const first = ru ? pick(ruFirst) : pick(enFirst);
    const at = now - Math.floor(rnd() * 3e10);
    const custom = rnd() < 0.3 ? JSON.stringify({ telegram: `@${first.toLowerCase()}${i}` }) : '{}';
    const id = Number(insContact.run(last, first, `${last} ${first}`, pick(owners), custom, 1, at, at).lastInsertRowid);
    const p = phone();
    const email = `${first.toLowerCase()}.${i}@example.${ru ? 'ru' : 'com'}`;
    comm.run('contact', id, 'phone', 'mobile', p, normalize('phone', p), 0);
    comm.run('contact', id, 'email', 'work', email, email.toLowerCase(), 1);
    link.run(id, 1 + Math.floor(rnd() * SIZES.companies));
    index.contact!.run(id, [`${last} ${first}`, p, email, normalize('phone', p)].join(' \n '));
  });

  const insLead = sqlite.prepare('INSERT INTO leads (title, last_name, first_name, status_id, currency, responsible_id, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  batch(SIZES.leads, (i) => {
    const title = `Заявка ${i}: ${pick(words)}`;
    const at = now - Math.floor(rnd() * 3e10);
    const last = pick(ruLast);
    const id = Number(insLead.run(title, last, pick(ruFirst), pick(statuses), 'RUB', pick(owners), 1, at, at).lastInsertRowid);
    index.lead!.run(id, [title, last].join(' \n '));
  });

  const insDeal = sqlite.prepare('INSERT INTO deals (title, pipeline_id, stage_id, amount_minor, currency, contact_id, company_id, responsible_id, everyone, custom, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  batch(SIZES.deals, (i) => {
    const stage = pick(stages);
    const title = `Поставка ${pick(words)} №${i}`;
    const at = now - Math.floor(rnd() * 3e10);
    const id = Number(insDeal.run(title, stage.p, stage.id, Math.floor(rnd() * 1e9), 'RUB', 1 + Math.floor(rnd() * SIZES.contacts), 1 + Math.floor(rnd() * SIZES.companies), pick(owners), rnd() < 0.05 ? 1 : 0, JSON.stringify({ channel: pick(channels).id, contract: `Д-${i}` }), 1, at, at).lastInsertRowid);
    index.deal!.run(id, title);
  });

  const insActivity = sqlite.prepare(
    'INSERT INTO activities (type, subject, entity, entity_id, responsible_id, due_at, done_at, done_by, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const bind = sqlite.prepare('INSERT INTO activity_bindings (activity_id, entity, entity_id) VALUES (?, ?, ?)');
  const dealOf = sqlite.prepare('SELECT contact_id AS contactId, company_id AS companyId, responsible_id AS responsibleId FROM deals WHERE id = ?');
  const DAY_MS = 86_400_000;
  batch(SIZES.activities, (i) => {
    const dealId = 1 + Math.floor(rnd() * SIZES.deals);
    const deal = dealOf.get(dealId) as { contactId: number; companyId: number; responsibleId: number };
    const type = pick(['call', 'call', 'meeting', 'task']);
    const due = now + Math.floor((rnd() - 0.5) * 120 * DAY_MS);
    // Most of the past is done; the rest is overdue, as in any team.
    const done = due < now && rnd() < 0.9 ? due : null;
    const id = Number(insActivity.run(type, `${type === 'call' ? 'Звонок' : type === 'meeting' ? 'Встреча' : 'Задача'} ${i}`, 'deal', dealId, deal.responsibleId, due, done, done && deal.responsibleId, 1, now, now).lastInsertRowid);
    bind.run(id, 'deal', dealId);
    bind.run(id, 'contact', deal.contactId);
    bind.run(id, 'company', deal.companyId);
  });

  // Every record's "created" entry, in the order they were made, as the services write it.
  sqlite.exec(`INSERT INTO history (entity, entity_id, at, user_id, kind)
    SELECT entity, id, created_at, 1, 'created' FROM (
      SELECT 'company' AS entity, id, created_at FROM companies UNION ALL SELECT 'contact', id, created_at FROM contacts
      UNION ALL SELECT 'lead', id, created_at FROM leads UNION ALL SELECT 'deal', id, created_at FROM deals)
    ORDER BY created_at`);
  sqlite.exec('ANALYZE');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  ctx.close();
  console.log(`seeded ${dataDir} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) void main();
