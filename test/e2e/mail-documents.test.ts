import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newPage, problemsOf, screenshotOnFailure } from '../support/browser.js';
import { ADMIN, type TestServer } from '../support/server.js';
import { allWithBrowser } from '../support/suite.js';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp.js';
import { asUser, makeCompany, makeContact, makeDeal, useSmtp } from '../support/mail.js';
import { createFromDeal } from '../../src/features/documents/service.js';

/**
 * "Attach a quote/invoice PDF in one click" in a browser: from the invoice page "Send by e-mail"
 * opens the compose form with the PDF as a chip, the message goes to the client, the invoice is sent
 * and the e-mail is in the deal's journal.
 */
let browser: Browser;
let server: TestServer;
let peer: SmtpPeer;

allWithBrowser((b, s) => {
  browser = b;
  server = s;
});
beforeAll(async () => {
  peer = await startSmtpPeer();
});
afterAll(() => peer.close());

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

describe('an invoice by e-mail in a browser', () => {
  it('Send by e-mail from the invoice page: the PDF chip, sent, and the e-mail on the deal', async () => {
    useSmtp(server.ctx, peer.port);
    const company = makeCompany(server.ctx, { email: 'office@romashka.test' });
    const contact = makeContact(server.ctx, { companyIds: [company.id] });
    const deal = makeDeal(server.ctx, { contactId: contact.id, companyId: company.id });
    const invoice = createFromDeal(server.ctx, asUser(server.ctx, 1), 'invoice', deal.id);
    const page = await signIn();

    await page.goto(`${server.url}/invoices/${invoice.id}`);
    await page.getByRole('link', { name: 'Send by e-mail' }).click();
    await page.waitForURL(/\/mail\/compose\?/);
    const chip = page.locator('[data-chip]').filter({ hasText: `Счёт ${invoice.number}.pdf` });
    await chip.waitFor();
    expect(await chip.getByRole('checkbox').isChecked()).toBe(true);
    expect(await page.getByLabel('Subject').inputValue()).toBe(`Счёт № ${invoice.number}`);
    expect(await page.getByRole('checkbox', { name: /office@romashka\.test/ }).isChecked()).toBe(true);

    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText(`E-mail “Счёт № ${invoice.number}” sent.`).waitFor();
    expect(page.url()).toBe(`${server.url}/invoices/${invoice.id}`);
    await page.locator('h1 .status-sent').waitFor();

    const [got] = await peer.waitFor(1);
    expect(got!.parsed.attachments.map((a) => a.filename)).toEqual([`Счёт ${invoice.number}.pdf`]);

    await page.goto(`${server.url}/deals/${deal.id}`);
    await page.getByRole('link', { name: `Счёт № ${invoice.number}` }).first().waitFor();
    expect(await page.locator(`a[href^="/mail/activity/"]`).filter({ hasText: `Счёт № ${invoice.number}` }).count()).toBeGreaterThan(0);

    // The chip's × takes the document out: the next message from the deal card goes without it.
    await page.getByRole('link', { name: 'E-mail', exact: true }).first().click();
    await page.waitForURL(/document=invoice/);
    await page.getByRole('button', { name: `Remove Счёт ${invoice.number}.pdf` }).click();
    expect(await page.locator('[data-chip]').count()).toBe(0);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText(`E-mail “Счёт № ${invoice.number}” sent.`).waitFor();
    const all = await peer.waitFor(2);
    expect(all[1]!.parsed.attachments).toEqual([]);
    expect(problemsOf(page)).toEqual([]);
  });
});
