import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import type { IncidentDetail } from '../incidents/index.js';
import { startSmtp, type TestSmtp } from '../notifications/notifications.factories.js';
import { customerIncident, linkFor } from './status-page.factories.js';

/**
 * The status page in Chromium, reached the way a customer reaches it: from the link in an email
 * that a real SMTP server on loopback received. Without Chromium the suite is skipped with a
 * message, unless REQUIRE_BROWSER=1 (CI), where a missing browser fails it.
 */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const found = existsSync(chromiumPath);
const skipMessage = `browser tests skipped: Chromium not found at ${chromiumPath}`;
if (!found && process.env.REQUIRE_BROWSER !== '1') console.log(skipMessage);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe(
  `status page in Chromium (${dialect})`,
  { skip: !found && process.env.REQUIRE_BROWSER !== '1' ? skipMessage : false },
  () => {
    let t: TestApp;
    let smtp: TestSmtp;
    let browser: Browser;
    let base: string;

    before(async () => {
      assert.ok(found, `REQUIRE_BROWSER=1 but Chromium was not found at ${chromiumPath}`);
      smtp = await startSmtp();
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      t = await createTestApp({ env: { REDRESS_SMTP_URL: smtp.url, REDRESS_PUBLIC_URL: base } });
      await t.app.listen({ port, host: '127.0.0.1' });
      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    });
    after(async () => {
      await browser?.close();
      await t?.close();
      await smtp?.close();
    });

    const staff = (method: 'GET' | 'POST', url: string, body?: unknown) =>
      t.call(method, url, body);
    const runJobs = () => staff('POST', '/api/test/clock', { advance: 'PT0S' });

    /** The newest status-page link mailed to the customer. */
    function mailedLink(customerId: string): string {
      const mails = smtp.mails.filter((m) => JSON.stringify(m.to).includes(customerId));
      const text = mails.at(-1)?.text ?? '';
      const link = /(http:\/\/127\.0\.0\.1:\d+\/track\/[A-Za-z0-9_-]+)/.exec(text)?.[1];
      assert.ok(link, `a link in the mail: ${text}`);
      return link;
    }

    async function openPage(link: string): Promise<Page> {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      const res = await page.goto(link);
      assert.equal(res?.status(), 200);
      await page.waitForSelector('main[data-ready="1"]');
      assert.deepEqual(errors, [], 'no script or CSP errors');
      return page;
    }

    it('opens from the mailed link, takes a choice, updates live and takes the survey', async () => {
      const c = await customerIncident(t, { locale: 'en' });
      await staff('POST', `/api/incidents/${c.incidentId}/transitions`, {
        to: 'verified',
        visibility: 'public',
      });
      await runJobs();
      const page = await openPage(mailedLink(c.customerId));
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      await page.evaluate('window.sameDocument = true');

      // The options: a keyboard-operable radio group; the customer moves off the default and confirms.
      const radios = page.getByRole('radio');
      const count = await radios.count();
      assert.ok(count >= 2, `at least two options, got ${count}`);
      const checked = page.locator('input[name=optionId]:checked');
      await checked.focus();
      await page.keyboard.press('ArrowDown');
      const chosenId = await page.locator('input[name=optionId]:checked').getAttribute('value');
      await page.getByRole('button', { name: 'Confirm my choice' }).click();
      await page.locator('form[data-action=choice]').waitFor({ state: 'detached' });
      const plan = await staff('GET', `/api/incidents/${c.incidentId}/plan`);
      const body = plan.body as { chosenOptionId: string; chosenVia: string };
      assert.deepEqual([body.chosenOptionId, body.chosenVia], [chosenId, 'status_page']);

      // An agent writes to the customer: the page shows it without a reload and announces it.
      await staff('POST', `/api/incidents/${c.incidentId}/notes`, {
        message: 'Your replacement left our warehouse this morning.',
        visibility: 'public',
      });
      await page.getByText('Your replacement left our warehouse this morning.').waitFor();
      assert.equal(await page.evaluate('window.sameDocument'), true, 'no reload');
      // The aria-live region announces it (set a moment after clearing, so it is read again).
      await page
        .locator('#live', { hasText: 'This page was updated.' })
        .waitFor({ state: 'attached' });

      // Resolution opens the survey live; the customer answers it.
      const now = await t.call<IncidentDetail>('GET', `/api/incidents/${c.incidentId}`);
      // Choosing may already have started the remedy (the incident is then resolving).
      const path = now.body.state === 'resolving' ? ['resolved'] : ['resolving', 'resolved'];
      for (const to of path) {
        const res = await staff('POST', `/api/incidents/${c.incidentId}/transitions`, {
          to,
          visibility: 'public',
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
      }
      await page.getByRole('radio', { name: '5 – Very happy' }).check();
      await page.getByLabel('Anything you would like to add? (optional)').fill('Quick and kind');
      await page.getByRole('button', { name: 'Send my answer' }).click();
      await page.getByText('Thank you for your answer.').first().waitFor();
      const survey = await t.ctx.db
        .selectFrom('surveys')
        .select(['score', 'comment', 'channel'])
        .where('incident_id', '=', c.incidentId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(survey, { score: 5, comment: 'Quick and kind', channel: 'status_page' });
      await page.close();
    });

    it('asks for a person from the page: the incident is escalated', async () => {
      const c = await customerIncident(t, { locale: 'pt' });
      await runJobs();
      const page = await openPage(mailedLink(c.customerId));
      await page.getByLabel('O que nos quer dizer? (opcional)').fill('Liguem-me depois das 18h');
      await page.getByRole('button', { name: 'Pedir que me contactem' }).click();
      await page.getByText('Pedimos a alguém da nossa equipa que o contacte.').first().waitFor();
      const detail = await t.call<IncidentDetail>('GET', `/api/incidents/${c.incidentId}`);
      assert.equal(detail.body.escalated, true);
      await page.close();
    });

    it('shows one bare not-found page for a bad, an expired and another customer’s link', async () => {
      const mine = await customerIncident(t);
      const theirs = await customerIncident(t);
      const soon = new Date(t.clock.now().getTime() + 1_000).toISOString();
      const expired = linkFor(t, mine.incidentId, mine.customerId, soon);
      t.clock.advance(2_000);
      const links = [
        `${base}/track/not-a-real-token`,
        expired,
        linkFor(t, theirs.incidentId, mine.customerId),
      ];
      const page = await browser.newPage();
      const shown: string[] = [];
      for (const link of links) {
        const res = await page.goto(link);
        assert.equal(res?.status(), 404);
        shown.push(await page.locator('body').innerText());
      }
      assert.equal(new Set(shown).size, 1, 'the same page every time');
      assert.match(shown[0] ?? '', /Page not found/);
      await page.close();
    });
  },
);
