import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readCommerceMLFile } from '../../src/integrations/commerceml/reader.js';
import { countsText } from '../../src/features/exchange/protocol.js';
import { saveExchangeSettings } from '../../src/features/exchange/settings.js';
import { exchangeRoot } from '../../src/features/exchange/sessions.js';
import { Client } from '../support/http-client.js';
import { OneCClient } from '../support/onec-client.js';
import { ADMIN, addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { makeZip } from '../support/zip.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/commerceml');

let server: TestServer;
let admin: Client;

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
  // Small pieces and no waiting per import request: every file arrives in several pieces and is imported over several requests.
  saveExchangeSettings(s.ctx.db, { sliceMs: 0, fileLimit: 64 * 1024 });
});

function onec(pathname?: string): OneCClient {
  return new OneCClient(server.url, ADMIN.email, ADMIN.password, pathname);
}

async function expectedCounts(file: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for await (const batch of readCommerceMLFile(file)) for (const item of batch) if ('value' in item) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
  return counts;
}

function lastRun(filename: string): Record<string, number> {
  const row = server.ctx.sqlite.prepare('SELECT counts FROM exchange_runs WHERE filename = ? ORDER BY id DESC LIMIT 1').get(filename) as { counts: string };
  return JSON.parse(row.counts) as Record<string, number>;
}

function sum(counts: Record<string, number>, ...keys: string[]): number {
  return keys.reduce((n, k) => n + (counts[k] ?? 0), 0);
}

/** The fixture folders with catalog files, and their files in the order 1C sends them. */
function catalogSets(): { dir: string; files: { name: string; data: Buffer }[] }[] {
  const order = (n: string) => [/^import/, /^offers/, /^prices/, /^rests/, /group/, /products/, /prices/, /remainders/].findIndex((re) => re.test(n));
  return fs
    .readdirSync(FIXTURES)
    .filter((d) => /^\d\d-/.test(d))
    .map((dir) => ({
      dir,
      files: fs
        .readdirSync(path.join(FIXTURES, dir))
        .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
        .map((name) => ({ name, data: fs.readFileSync(path.join(FIXTURES, dir, name)) })),
    }));
}

describe('1C exchange: authorization', () => {
  it('answers checkauth with the cookie, sessid and timestamp as Bitrix does, and refuses bad or missing credentials in plain text', async () => {
    const client = onec();
    const ok = await client.checkauth('catalog');
    expect(ok.status).toBe(200);
    expect(ok.contentType).toBe('text/plain; charset=windows-1251');
    expect(ok.lines[0]).toBe('success');
    expect(ok.lines[1]).toBe('prosto_exchange');
    expect(ok.lines[2]).toMatch(/^[\w-]{20,}$/);
    expect(ok.lines[3]).toBe(`sessid=${ok.lines[2]}`);
    expect(Number(ok.lines[4]!.replace('timestamp=', ''))).toBeGreaterThan(1_700_000_000);

    const noAuth = await new OneCClient(server.url, '', '').send({ type: 'catalog', mode: 'checkauth' });
    expect(noAuth.lines).toEqual(['failure', 'Authorization failed: send the login and password (HTTP Basic) with mode=checkauth.']);
    const wrong = await new OneCClient(server.url, ADMIN.email, 'wrong password').checkauth('sale');
    expect(wrong.lines).toEqual(['failure', 'Authorization failed: wrong login or password.']);
    const anonymous = await new OneCClient(server.url, '', '').send({ type: 'catalog', mode: 'init' });
    expect(anonymous.lines).toEqual(['failure', 'Authorization required: start the exchange with mode=checkauth.']);
  });

  it('refuses a user without the exchange right until a role gives it (Settings → Roles)', async () => {
    await addUser(server.ctx, { email: 'manager@example.com', password: 'Manager-pass-1', fullName: 'Manager' });
    const manager = new OneCClient(server.url, 'manager@example.com', 'Manager-pass-1');
    expect((await manager.checkauth('catalog')).lines[1]).toBe('Authorization failed: this user has no right to exchange with 1C (Settings > Roles).');

    const roles = await admin.get('/settings/roles');
    const managerRole = /href="\/settings\/roles\/(\d+)"[^>]*>\s*Manager/.exec(roles.text)![1];
    const form = await admin.get(`/settings/roles/${managerRole}`);
    expect(form.text).toContain('May exchange with 1C and online stores');
    expect((await admin.post(`/settings/roles/${managerRole}`, { name: 'Manager', mayExchange: '1', 'm[deal][read]': 'own' })).status).toBe(303);
    expect((await manager.checkauth('catalog')).lines[0]).toBe('success');
    // The exchange cookie is not a web session: it opens no page of the CRM.
    const page = await fetch(`${server.url}/`, { headers: { cookie: `prosto_exchange=x` }, redirect: 'manual' });
    expect(page.status).toBe(303);
  });

  it('takes the command from a form body, at both addresses, and answers every error as failure, never HTML', async () => {
    for (const pathname of ['/1c_exchange.php', '/bitrix/admin/1c_exchange.php']) {
      const client = onec(pathname);
      expect((await client.checkauth('sale')).lines[0]).toBe('success');
      const init = await client.send({ type: 'sale', mode: 'init' }, { method: 'POST', form: true });
      expect(init.lines).toEqual(['zip=yes', 'file_limit=65536']);
      for (const [params, reason] of [
        [{ type: 'sale', mode: 'explode' }, 'Unknown command "explode".'],
        [{ mode: 'init' }, 'Unknown exchange type: expected type=catalog or type=sale.'],
        [{ type: 'catalog', mode: 'import' }, 'The file name (filename) is missing.'],
        [{ type: 'catalog', mode: 'import', filename: 'never-sent.xml' }, 'The file "never-sent.xml" was not uploaded in this exchange.'],
      ] as const) {
        const a = await client.send(params);
        expect(a.lines).toEqual(['failure', reason]);
        expect(a.contentType).toMatch(/^text\/plain/);
      }
      const put = await fetch(`${server.url}${pathname}?type=sale&mode=init`, { method: 'PUT' });
      expect(await put.text()).toBe('failure\nThe exchange accepts GET and POST requests only, not PUT.');
    }
  });
});

describe('1C exchange: catalog files', () => {
  it('runs checkauth → init → file in pieces → import until success → complete for every fixture set, unzipped and zipped', { timeout: 300_000 }, async () => {
    let progressAnswers = 0;
    for (const set of catalogSets()) {
      for (const zip of [false, true]) {
        const client = onec();
        const { results, progress } = await client.exchangeCatalog(set.files, { zip });
        progressAnswers += progress;
        for (const f of set.files) {
          const inFile = await expectedCounts(path.join(FIXTURES, set.dir, f.name));
          const run = lastRun(f.name);
          const label = `${set.dir}/${f.name} zip=${zip}`;
          expect(results[f.name]!.lines, label).toEqual(['success', `${f.name} imported: ${countsText('en', run)}.`]);
          expect(sum(run, 'group'), label).toBe(inFile.group ?? 0);
          expect(sum(run, 'property', 'priceType', 'warehouse'), label).toBe(sum(inFile, 'property', 'priceType', 'warehouse'));
          expect(sum(run, 'productCreated', 'productUpdated', 'productDeleted'), label).toBe(inFile.product ?? 0);
          expect(sum(run, 'offer', 'offerDeleted', 'offerUnknown'), label).toBe(inFile.offer ?? 0);
          expect(sum(run, 'dealCreated', 'dealUpdated', 'documentUnchanged', 'documentSkipped'), label).toBe(inFile.document ?? 0);
          expect(sum(run, 'counterparty', 'counterpartySkipped'), label).toBe(inFile.counterparty ?? 0);
          if (zip) expect(run.productCreated ?? 0, `${label}: the second exchange finds what the first made`).toBe(0);
        }
      }
    }
    expect(progressAnswers).toBeGreaterThan(0);
    const runs = await admin.get('/settings/exchange');
    expect(runs.text).toContain('offers___cd9ce019-f901-4dd4-aed7-a76bec5faac2.xml');
    expect(runs.text).toContain('properties: 25');
    expect(runs.text).not.toContain('run-error');
  });

  it('refuses a malformed file with the line and reason, and records the failed run', async () => {
    const client = onec();
    await client.checkauth('catalog');
    await client.init('catalog');
    const broken = Buffer.from('\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация ВерсияСхемы="2.07">\n<Каталог><Товары><Товар><Ид>1</Ид>\n</Каталог>\n</КоммерческаяИнформация>');
    await client.upload('catalog', 'import.xml', broken, 65536);
    const { last } = await client.importUntilDone('catalog', 'import.xml');
    expect(last.lines[0]).toBe('failure');
    expect(last.lines[1]).toMatch(/^The file is not valid CommerceML \(line 4\): .+\. Nothing was imported from it\.$/);
    const page = await admin.get('/settings/exchange');
    expect(page.text).toMatch(/run-error[\s\S]*import\.xml[\s\S]*line 4:/);
  });

  it('refuses file names that leave the exchange folder, and archives that hold such names', async () => {
    const client = onec();
    await client.checkauth('catalog');
    await client.init('catalog');
    for (const filename of ['../../prosto.db', '..\\..\\evil.xml', '/etc/passwd', 'import_files/../../../x.jpg']) {
      const [a] = await client.upload('catalog', filename, Buffer.from('x'), 65536);
      expect(a!.lines).toEqual(['failure', `The file name "${filename}" is not allowed.`]);
    }
    expect(fs.existsSync(path.join(server.ctx.config.dataDir, 'evil.xml'))).toBe(false);
    const evil = makeZip([
      { name: 'import.xml', data: '<КоммерческаяИнформация/>' },
      { name: '../../escaped.xml', data: 'x' },
    ]);
    await client.upload('catalog', 'import.zip', evil, 65536);
    const { last } = await client.importUntilDone('catalog', 'import.xml');
    expect(last.lines[0]).toBe('failure');
    expect(last.lines[1]).toMatch(/^The archive was refused: .*escaped\.xml/);
    expect(fs.existsSync(path.join(exchangeRoot(server.ctx), 'escaped.xml'))).toBe(false);
  });

  it('keeps pictures in sub-folders and refuses a piece larger than the agreed limit', async () => {
    const client = onec();
    await client.checkauth('catalog');
    await client.init('catalog');
    const [pic] = await client.upload('catalog', 'import_files/ac/pic.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 65536);
    expect(pic!.lines).toEqual(['success']);
    const [big] = await client.upload('catalog', 'import.xml', Buffer.alloc(65536 + 70 * 1024, 0x20), 1024 * 1024);
    expect(big!.lines).toEqual(['failure', 'The piece of the file is larger than the agreed limit of 65536 bytes.']);
  });
});

describe('1C exchange: orders', () => {
  it('answers query with a CommerceML document in windows-1251 (or UTF-8 as set) and success after it', async () => {
    const client = onec();
    await client.checkauth('sale');
    const init = await client.init('sale', { version: '3.1' });
    expect(init.lines).toEqual(['zip=yes', 'file_limit=65536', expect.stringMatching(/^sessid=/), 'version=2.09']);
    const query = await client.send({ type: 'sale', mode: 'query' }, { method: 'POST', form: true });
    expect(query.contentType).toBe('application/xml; charset=windows-1251');
    const xml = iconv.decode(query.body, 'win1251');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="windows-1251"\?>\n<КоммерческаяИнформация ВерсияСхемы="2.05"/);
    expect((await client.send({ type: 'sale', mode: 'success' })).lines).toEqual(['success']);

    saveExchangeSettings(server.ctx.db, { queryEncoding: 'utf-8', textEncoding: 'utf-8' });
    const utf = await client.send({ type: 'sale', mode: 'query' });
    expect(utf.contentType).toBe('application/xml; charset=utf-8');
    expect(utf.body.toString('utf8')).toContain('<КоммерческаяИнформация');
  });

  it('imports an orders file right at mode=file in the old protocol, and at mode=import in the new one', async () => {
    const orders = fs.readFileSync(path.join(FIXTURES, '07-2.09-documents-from-1c/documents-example.xml'));
    const old = onec();
    await old.checkauth('sale');
    await old.init('sale');
    const [stored] = await old.upload('sale', 'orders.xml', orders, 65536);
    expect(stored!.lines).toEqual(['success', 'orders.xml imported: products added from orders: 2, new deals: 2.']);

    const fresh = onec();
    await fresh.checkauth('sale');
    await fresh.init('sale', { version: '2.09' });
    expect((await fresh.upload('sale', 'documents___1.xml', orders, 65536))[0]!.lines).toEqual(['success']);
    const { last } = await fresh.importUntilDone('sale', 'documents___1.xml');
    // The same documents again (same НомерВерсии): found, not made twice.
    expect(last.lines).toEqual(['success', 'documents___1.xml imported: orders unchanged: 2.']);
  });
});

describe('exchange log', () => {
  it('shows every request and its answer to administrators only, with the session token hidden', async () => {
    const client = onec();
    await client.checkauth('catalog');
    await client.init('catalog');
    await client.send({ type: 'catalog', mode: 'nonsense' });
    const log = await admin.get('/settings/exchange/log');
    expect(log.status).toBe(200);
    expect(log.text).toContain('GET type=catalog mode=checkauth');
    expect(log.text).toContain('Unknown command &#34;nonsense&#34;.');
    expect(log.text).toContain('zip=yes\nfile_limit=65536');
    expect(log.text).not.toContain(client['cookie'].split('=')[1]);

    await addUser(server.ctx, { email: 'manager@example.com', password: 'Manager-pass-1', fullName: 'Manager' });
    const manager = new Client(server.url);
    await manager.signIn('manager@example.com', 'Manager-pass-1');
    expect((await manager.get('/settings/exchange/log')).status).toBe(403);
    expect((await manager.get('/settings/exchange')).status).toBe(403);
  });
});
