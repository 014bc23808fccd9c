import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exchangeSettings } from '../../src/features/exchange/settings.js';
import { tempDir } from '../support/context.js';
import { Client } from '../support/http-client.js';
import { type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/commerceml');

let server: TestServer;
let admin: Client;

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

const valid = { fileLimitKb: '512', textEncoding: 'windows-1251', queryEncoding: 'utf-8', folderPath: '', folderEvery: '5', zip: '1', exportAll: '1' };

describe('exchange settings page', () => {
  it('shows what to enter in 1C: both addresses and the users who may exchange', async () => {
    const page = await admin.get('/settings/exchange');
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/settings/exchange" class="active"');
    expect(page.text).toContain(`<code>${server.url}/1c_exchange.php</code>`);
    expect(page.text).toContain(`<code>${server.url}/bitrix/admin/1c_exchange.php</code>`);
    expect(page.text).toContain('<code>admin@example.com</code>');
    expect(page.text).toContain('Nothing has been exchanged yet.');
  });

  it.each([
    [{ fileLimitKb: '10' }, 'fileLimitKb', 'Enter from 64 to 102 400 KB.'],
    [{ folderPath: 'relative/folder' }, 'folderPath', 'Enter the full path of a folder on the server, e.g. /srv/1c-exchange.'],
    [{ folderPath: '/no/such/folder/anywhere' }, 'folderPath', 'There is no such folder, or the CRM may not write to it.'],
    [{ textEncoding: 'koi8-r' }, 'textEncoding', 'This value is not valid.'],
    [{ stagePaid: '99999' }, 'stagePaid', 'Choose a stage of the orders pipeline.'],
    [{ responsibleId: '99999' }, 'responsibleId', 'This value is not valid.'],
    [{ responsibleMode: 'rotation' }, 'rotationIds', 'Please fill this in.'],
  ])('refuses %j next to the field, keeping what was typed', async (change, field, message) => {
    await admin.get('/settings/exchange');
    const res = await admin.post('/settings/exchange', { ...valid, ...change });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(new RegExp(`id="f-${field}-error">${message.replace(/[.()]/g, '\\$&')}`));
    if ('folderPath' in change) expect(res.text).toContain(`value="${change.folderPath}"`);
    expect(exchangeSettings(server.ctx.db).fileLimit).toBe(1024 * 1024);
  });

  it('saves where orders go, who gets them, the stages 1C moves them to and which deals go to 1C', async () => {
    const stages = server.ctx.sqlite.prepare('SELECT id, semantics FROM stages ORDER BY sort').all() as { id: number; semantics: string }[];
    const won = stages.find((st) => st.semantics === 'won')!;
    await admin.get('/settings/exchange');
    const res = await admin.post('/settings/exchange', { ...valid, exportAll: null, exportStageIds: [String(stages[0]!.id), String(won.id)], stagePosted: String(won.id), responsibleId: '1' });
    expect(res.status).toBe(303);
    expect(exchangeSettings(server.ctx.db)).toMatchObject({ responsibleId: 1, exportStageIds: [stages[0]!.id, won.id], stageMap: { posted: won.id, paid: null } });
    const page = await admin.get('/settings/exchange');
    expect(page.text).toMatch(new RegExp(`name="stagePosted">[\\s\\S]*?<option value="${won.id}" selected>`));
    const inTurn = await admin.post('/settings/exchange', { ...valid, responsibleMode: 'rotation', rotationIds: ['1'] });
    expect(inTurn.status).toBe(303);
    expect(exchangeSettings(server.ctx.db).rotationIds).toEqual([1]);
    expect((await admin.get('/settings/exchange')).text).toContain('name="responsibleMode" value="rotation" checked');
  });

  it('saves the options', async () => {
    const folder = tempDir('prosto-exchange-');
    await admin.get('/settings/exchange');
    const res = await admin.post('/settings/exchange', { ...valid, zip: null, folderPath: folder, folderEvery: '15' });
    expect(res.status).toBe(303);
    expect(exchangeSettings(server.ctx.db)).toMatchObject({ zip: false, fileLimit: 512 * 1024, queryEncoding: 'utf-8', folderPath: folder, folderEvery: 15 });
    const page = await admin.get('/settings/exchange');
    expect(page.text).toContain('Exchange settings saved.');
    expect(page.text).toContain(`value="${folder}"`);
    fs.rmSync(folder, { recursive: true, force: true });
  });
});

describe('exchange folder', () => {
  it('imports a complete file set on "run now", moving files to processed/ and a bad one to failed/ with its reason', async () => {
    const folder = tempDir('prosto-exchange-');
    fs.copyFileSync(path.join(FIXTURES, '04-ut11-2.07/import.xml'), path.join(folder, 'import.xml'));
    fs.copyFileSync(path.join(FIXTURES, '04-ut11-2.07/offers.xml'), path.join(folder, 'offers.xml'));
    fs.mkdirSync(path.join(folder, 'import_files/ab'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'import_files/ab/pic.jpg'), Buffer.from([0xff, 0xd8]));
    fs.writeFileSync(path.join(folder, 'orders-1.xml'), '<КоммерческаяИнформация><Документ><Ид>1</Документ></КоммерческаяИнформация>');
    await admin.get('/settings/exchange');
    await admin.post('/settings/exchange', { ...valid, folderPath: folder });

    const run = await admin.post('/settings/exchange/run', {});
    expect(run.status).toBe(303);
    const page = await admin.get('/settings/exchange');
    expect(page.text).toContain('The exchange folder has been processed.');
    expect(page.text).toMatch(/Folder · import[\s\S]*import\.xml[\s\S]*groups: 22, properties: 10, products added: 2/);

    const [processed] = fs.readdirSync(path.join(folder, 'processed'));
    expect(fs.readdirSync(path.join(folder, 'processed', processed!)).sort()).toEqual(['import.xml', 'import_files', 'offers.xml']);
    expect(fs.existsSync(path.join(folder, 'processed', processed!, 'import_files/ab/pic.jpg'))).toBe(true);
    const [failed] = fs.readdirSync(path.join(folder, 'failed'));
    expect(fs.readdirSync(path.join(folder, 'failed', failed!)).sort()).toEqual(['orders-1.xml', 'orders-1.xml.reason.txt']);
    expect(fs.readFileSync(path.join(folder, 'failed', failed!, 'orders-1.xml.reason.txt'), 'utf8')).toMatch(/^line 1: /);
    expect(fs.readdirSync(folder).sort()).toEqual(['failed', 'processed']);

    const jobs = await admin.get('/settings/jobs');
    expect(jobs.text).toContain('Exchange folder (1C)');
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('leaves a file that is still being written for the next look', async () => {
    const folder = tempDir('prosto-exchange-');
    await admin.get('/settings/exchange');
    await admin.post('/settings/exchange', { ...valid, folderPath: folder });
    const file = path.join(folder, 'import.xml');
    fs.writeFileSync(file, '<КоммерческаяИнформация>');
    let writing = true;
    const writer = (async () => {
      while (writing) {
        fs.appendFileSync(file, '<Каталог/>');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    await admin.post('/settings/exchange/run', {});
    writing = false;
    await writer;
    expect(fs.readdirSync(folder)).toEqual(['import.xml']);
    fs.rmSync(folder, { recursive: true, force: true });
  });
});
