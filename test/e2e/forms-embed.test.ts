import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { newPage, problemsOf, screenshotOnFailure } from '../support/browser.js';
import { Client } from '../support/http-client.js';
import { ADMIN, type TestServer } from '../support/server.js';
import { allWithBrowser } from '../support/suite.js';
import { buildForm, leadsMade } from '../support/forms.js';

/**
 * The embed snippet on a customer's site: a second local server (another origin, with its own strict
 * styles and content security policy for its own content) serves a landing page carrying the one script
 * tag; the form renders inside it, submits across origins and shows the result in place.
 */
let browser: Browser;
let server: TestServer;
let site: http.Server;
let siteUrl = '';
let key = '';

allWithBrowser((b, s) => {
  browser = b;
  server = s;
});

beforeAll(async () => {
  const admin = new Client(server.url);
  await admin.signIn(ADMIN.email, ADMIN.password);
  ({ key } = await buildForm(server, admin, { title: 'Get a quote', buttonText: 'Request a quote', accentColor: '#c2410c' }));
  site = http.createServer((req, res) => {
    if (!req.url?.startsWith('/landing')) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': `script-src 'self' ${server.url}; style-src 'self' 'unsafe-inline' ${server.url}; connect-src ${server.url}` });
    res.end(`<!doctype html><html><head><title>Shop</title><style>
      body { font-family: Georgia, serif; margin: 0; }
      input, button, label { all: unset; color: red; }
      .column { width: 420px; margin: 20px; }
    </style></head><body>
      <header id="site-header">Shop header</header>
      <div class="column"><script src="${server.url}/forms/${key}/embed.js" async></script></div>
      <footer id="site-footer">Shop footer</footer>
    </body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve())));

describe('a web form embedded in another site', () => {
  it('renders in place with its own look, asks for consent, and creates a lead carrying the page and UTM data', async () => {
    const page = await newPage(browser);
    screenshotOnFailure(page);
    await page.goto(`${siteUrl}/landing?utm_source=google&utm_medium=cpc&utm_campaign=winter-sale`, { referer: 'https://www.google.com/' });
    const form = page.locator('.prosto-form form');
    await form.waitFor();
    expect(await page.locator('.prosto-form').evaluate((el) => el.shadowRoot !== null)).toBe(true);
    expect(await form.getByRole('heading').textContent()).toBe('Get a quote');
    // The site's "all: unset" and red text stop at the shadow root; the form's own colours apply.
    const button = form.getByRole('button', { name: 'Request a quote' });
    expect(await button.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(194, 65, 12)');
    const box = (await page.locator('.prosto-form').boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(420);
    const footer = (await page.locator('#site-footer').boundingBox())!;
    expect(footer.y).toBeGreaterThanOrEqual(box.y + box.height);

    await form.getByLabel('Your name').fill('Maria');
    await form.getByLabel('Phone').fill('+7 916 555-66-77');
    await form.getByLabel('Question').fill('Need 20 laptops');
    server.ctx.clock.advance(5_000);
    await button.click();
    await expect.poll(() => form.locator('[data-pf-error-for="consent"]').textContent()).toBe('Please give your consent to send the form.');
    expect(leadsMade(server)).toEqual([]);

    await form.getByRole('checkbox').check();
    await button.click();
    const done = page.locator('.prosto-form .pf-done');
    await done.waitFor();
    expect(await done.textContent()).toContain('Thank you! We have received your request');

    const [lead] = leadsMade(server);
    expect(lead).toMatchObject({ title: 'Callback — Maria', first_name: 'Maria', comments: 'Need 20 laptops' });
    const origin = server.ctx.db.all<Record<string, unknown>>(sql`SELECT * FROM record_origins WHERE entity_id = ${lead!.id}`)[0]!;
    expect(origin).toMatchObject({ channel: 'form', utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'winter-sale', referrer: 'https://www.google.com/' });
    expect(origin.page_url).toBe(`${siteUrl}/landing?utm_source=google&utm_medium=cpc&utm_campaign=winter-sale`);
    expect(problemsOf(page)).toEqual([]);
    await page.context().close();
  });
});
