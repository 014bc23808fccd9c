import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newPage, problemsOf, screenshotOnFailure } from '../support/browser.js';
import { ADMIN, type TestServer } from '../support/server.js';
import { allWithBrowser } from '../support/suite.js';
import { startDovecot, type Dovecot } from '../support/dovecot.js';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp.js';
import { eml } from '../support/eml.js';
import { makeContact } from '../support/mail.js';

/**
 * The e-mail issue's scenario in a browser: the administrator sets up outgoing mail (the test message
 * shows the server's answer) and connects a mailbox; a client's letter appears on the contact; the
 * reply written from the contact goes out in the same thread.
 */
let browser: Browser;
let server: TestServer;
let dovecot: Dovecot;
let peer: SmtpPeer;

allWithBrowser((b, s) => {
  browser = b;
  server = s;
});
beforeAll(async () => {
  dovecot = await startDovecot({ 'sales@vector.test': 'imap-secret' });
  peer = await startSmtpPeer();
});
afterAll(async () => {
  await dovecot.close();
  await peer.close();
});

async function signIn(): Promise<Page> {
  const page = await newPage(browser);
  screenshotOnFailure(page);
  await page.goto(`${server.url}/login`);
  await page.getByLabel('E-mail').fill(ADMIN.email);
  await page.getByLabel(/^Password/).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${server.url}/`);
  return page;
}

describe('e-mail in a browser', () => {
  it('set up mail, connect a mailbox, see a letter on the contact, reply from it', async () => {
    const contact = makeContact(server.ctx, { name: ['Петров', 'Иван'], email: 'ivan@client.test' });
    const page = await signIn();

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'E-mail' }).click();
    await page.getByLabel('Server').fill('127.0.0.1');
    await page.getByLabel('Port').fill(String(peer.port));
    await page.getByLabel('Encryption').selectOption('none');
    await page.getByLabel('Send from address').fill('sales@vector.test');
    await page.getByRole('button', { name: 'Send a test message' }).click();
    await expect.poll(() => page.locator('#smtp-answer').textContent()).toContain('250 Ok: queued as TEST1');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('E-mail settings saved.').waitFor();

    await page.getByRole('link', { name: 'Mailboxes' }).first().click();
    await page.getByRole('link', { name: '+ Connect a mailbox' }).click();
    await page.getByLabel('Address').fill('sales@vector.test');
    await page.getByLabel('IMAP server').fill('127.0.0.1');
    await page.getByLabel('Port').fill(String(dovecot.port));
    await page.getByLabel('Encryption').selectOption('none');
    await page.getByLabel(/^Password/).fill('imap-secret');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Mailbox sales@vector.test saved.').waitFor();
    await page.getByRole('button', { name: 'Check connection' }).click();
    await expect.poll(() => page.locator('#imap-answer').textContent()).toContain('INBOX');

    await dovecot.deliver('sales@vector.test', eml({ from: 'Иван Петров <ivan@client.test>', to: 'sales@vector.test', subject: 'Нужен счёт', body: 'Пришлите счёт на 5 серверов.', messageId: 'e2e-1@client.test' }));
    await page.goto(`${server.url}/mailboxes`);
    await page.getByRole('button', { name: 'Read all mailboxes now' }).click();
    await page.getByText('Mailboxes read.').waitFor();

    await page.goto(`${server.url}/contacts/${contact.id}`);
    const letter = page.locator('#mail-threads').getByRole('link', { name: 'Нужен счёт' });
    await letter.click();
    await page.getByText('Пришлите счёт на 5 серверов.').waitFor();
    await page.getByRole('link', { name: 'Reply' }).click();
    await expect.poll(() => page.getByLabel('Subject').inputValue()).toBe('Re: Нужен счёт');
    expect(await page.getByRole('checkbox', { name: /ivan@client\.test/ }).isChecked()).toBe(true);
    await page.getByLabel('Text').fill('Счёт во вложении.');
    await page.getByLabel('Attachments').setInputFiles({ name: 'Счёт 15.txt', mimeType: 'text/plain', buffer: Buffer.from('Счёт №15') });
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('E-mail “Re: Нужен счёт” sent.').waitFor();
    expect(page.url()).toBe(`${server.url}/contacts/${contact.id}`);

    const [got] = await peer.waitFor(2).then((all) => all.slice(1));
    expect(got!.to).toEqual(['ivan@client.test']);
    expect(got!.parsed.inReplyTo).toBe('<e2e-1@client.test>');
    expect(got!.parsed.attachments[0]!.filename).toBe('Счёт 15.txt');
    await page.locator('#mail-threads').getByText('Нужен счёт').waitFor();
    await expect.poll(() => page.locator('#mail-threads .chip').first().textContent()).toBe('2');
    expect(problemsOf(page)).toEqual([]);
  });
});
