import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newPage, problemsOf, saveScreenshot } from '../support/browser.js';
import { ADMIN, type TestServer } from '../support/server.js';
import { allWithBrowser } from '../support/suite.js';
import { createUser } from '../../src/features/users/service.js';
import { findUser, roleByCode } from '../../src/features/users/queries.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { createLead } from '../../src/features/leads/service.js';
import { convertLead } from '../../src/features/leads/convert.js';
import { addActivity } from '../../src/features/activities/service.js';
import { allLeadStatuses } from '../../src/features/pipelines/queries.js';

/**
 * Issue 20: the everyday pages at laptop and tablet widths in both languages, screenshots kept in
 * test-results/, and no element reaching past the window's right edge unless it sits in a container
 * that scrolls or clips it (the kanban board, a table's wrapper).
 */
let browser: Browser;
let server: TestServer;
let dealId: number;

allWithBrowser((b, s) => {
  browser = b;
  server = s;
});

const IRINA = { email: 'irina@example.com', password: 'Irina-pass-123' };

async function data(): Promise<void> {
  if (dealId) return;
  await createUser(server.ctx, { userId: null, ip: null }, {
    ...IRINA, passwordConfirm: IRINA.password, fullName: 'Ирина Константинопольская', locale: 'ru', roleIds: [roleByCode(server.ctx.db, 'admin')!.id], departmentIds: [], absentUntil: null,
  });
  const admin = toCurrentUser(server.ctx.db, findUser(server.ctx.db, 1)!);
  const lead = createLead(server.ctx, admin, {
    title: 'Поставка оборудования для регионального склада', lastName: 'Петров', firstName: 'Иван', middleName: null, companyTitle: 'ООО «Ромашка и партнёры»', position: null,
    statusId: allLeadStatuses(server.ctx.db)[0]!.id, sourceId: null, amount: '1500000', currency: 'RUB', responsibleId: 2, everyone: false, comments: null, custom: undefined,
    comms: [{ kind: 'phone', type: 'work', value: '+7 916 123-45-67' }, { kind: 'email', type: 'work', value: 'petrov@romashka.example' }],
  });
  dealId = convertLead(server.ctx, admin, lead.id, { contact: { kind: 'new' }, company: { kind: 'new' }, deal: true, stageId: undefined }).dealId!;
  const base = { description: null, endAt: null, done: false, direction: 'out' as const, durationMin: null, result: null, place: null, participants: null, responsibleId: 2, reminder: 'none' as const, remindCustom: null, repeatEvery: null, repeatUnit: 'day' as const };
  for (const [type, subject, hours] of [['call', 'Перезвонить по поводу счёта', 1], ['meeting', 'Встреча на складе', 26], ['task', 'Подготовить коммерческое предложение', 3]] as const) {
    addActivity(server.ctx, admin, { ...base, type, entity: 'deal', entityId: dealId, subject, dueAt: server.ctx.clock.now() + hours * 3600_000 });
  }
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('input[name=password]').press('Enter');
  await page.waitForURL(`${server.url}/`);
}

/** Visible elements whose right edge passes the window's, outside any container that scrolls or clips sideways. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const clipped = (el: Element): boolean => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) return true;
      }
      return false;
    };
    const found = [...document.body.querySelectorAll('*')].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.right > width + 1 && getComputedStyle(el).visibility !== 'hidden' && !clipped(el);
    });
    const page = document.documentElement.scrollWidth > width ? [`the page is ${document.documentElement.scrollWidth}px wide`] : [];
    return [...page, ...found.map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}: ${(el.textContent ?? '').trim().slice(0, 40)}`)];
  });
}

describe('the everyday pages fit the screen', () => {
  for (const [who, email, password] of [['en', ADMIN.email, ADMIN.password], ['ru', IRINA.email, IRINA.password]] as const) {
    for (const width of [1366, 1024]) {
      it(`home, deal, kanban and calendar at ${width}×768 in ${who === 'ru' ? 'Russian' : 'English'}`, async () => {
        await data();
        const page = await newPage(browser, { viewport: { width, height: 768 } });
        await signIn(page, email, password);
        const problems: string[] = [];
        for (const [name, path] of [['home', '/'], ['deal', `/deals/${dealId}`], ['kanban', '/deals/kanban'], ['calendar', '/calendar']]) {
          await page.goto(`${server.url}${path}`);
          await saveScreenshot(page, `layout-${who}-${width}-${name}`);
          problems.push(...(await overflowing(page)).map((p) => `${name}: ${p}`));
        }
        expect(problems).toEqual([]);
        expect(problemsOf(page)).toEqual([]);
      }, 60_000);
    }
  }
});
