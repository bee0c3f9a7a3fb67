import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { NOTIFY_CUSTOMER_JOB, type IncidentDetail } from '../incidents/index.js';
import { verifyToken } from '../status-page/index.js';
import {
  incidentFor,
  makeContact,
  messagesOf,
  renameProduct,
  runJobs,
  startSmtp,
  type TestSmtp,
} from './notifications.factories.js';
import { notificationsJobHandlers } from './notifications.jobs.js';

describe(`customer email through a real SMTP server (${dialect})`, () => {
  let t: TestApp;
  let smtp: TestSmtp;
  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ env: { REDRESS_SMTP_URL: smtp.url } });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  const mailsTo = (address: string) =>
    smtp.mails.filter((m) => m.to && !Array.isArray(m.to) && m.to.text.includes(address));

  it('tells a Portuguese customer at detection, in Portuguese, with a working status-page link', async () => {
    const customerId = await makeContact(t.ctx.db, { locale: 'pt', name: 'João Pereira' });
    const { incident, order, expectedSku, actualSku } = await incidentFor(t, customerId, {
      rootCause: 'look_alike_sku',
    });
    await renameProduct(t.ctx.db, expectedSku, 'Camiseta azul M');
    await renameProduct(t.ctx.db, actualSku, 'Camiseta marinho M');
    await runJobs(t);

    const [mail, ...more] = mailsTo(`${customerId}@example.test`);
    assert.ok(mail, 'the SMTP server received the message');
    assert.equal(more.length, 0);
    assert.equal(
      mail.subject,
      `Seu pedido ${order.id}: algo deu errado, e já estamos cuidando disso`,
    );
    const text = mail.text ?? '';
    assert.match(text, /^Olá, João,/);
    assert.match(text, /Enviamos Camiseta marinho M no lugar de Camiseta azul M\./);
    assert.match(text, /Dois itens muito parecidos foram trocados no nosso depósito/);
    assert.doesNotMatch(text, /look_alike|wrong_item|\{/, 'no internal code or placeholder');
    assert.equal(typeof mail.html, 'string');
    assert.match(String(mail.html), /<html lang="pt">/);

    const link = /(http:\/\/localhost:3000\/track\/[A-Za-z0-9_.-]+)/.exec(text)?.[1];
    assert.ok(link, text);
    assert.ok(String(mail.html).includes(`href="${link}"`), 'the HTML part links the same page');
    const claims = verifyToken(t.ctx.config, link.split('/track/')[1] ?? '', t.clock.now());
    assert.equal(claims?.incidentId, incident.id);
    assert.equal(claims?.customerId, customerId);
    const days = (Date.parse(claims.expiresAt) - t.clock.now().getTime()) / 86_400_000;
    assert.ok(days > 29 && days <= 30, `link valid ~30 days, got ${days}`);

    const [message] = await messagesOf(t, incident.id);
    assert.equal(message?.status, 'delivered');
    assert.equal(message?.provider, 'smtp');
    assert.equal(message?.providerMessageId, mail.messageId);
    assert.equal(message?.locale, 'pt');
    assert.equal(message?.link, link);
  });

  it('writes the first message to the public timeline and meets the notify clock', async () => {
    const customerId = await makeContact(t.ctx.db, {});
    const { incident } = await incidentFor(t, customerId);
    await runJobs(t);
    const detail = (await t.call<IncidentDetail>('GET', `/api/incidents/${incident.id}`)).body;
    const entry = detail.timeline.find((e) => e.kind === 'customer_notified');
    assert.equal(entry?.visibility, 'public');
    assert.match(entry?.message ?? '', /^Email sent to the customer: “Your order /);
    assert.equal(detail.clocks.find((c) => c.clock === 'notify')?.status, 'met');
  });

  it('escapes facts in the HTML part and keeps them as written in the text part', async () => {
    const customerId = await makeContact(t.ctx.db, {});
    const { incident, expectedSku, actualSku } = await incidentFor(t, customerId);
    await renameProduct(t.ctx.db, expectedSku, 'Mug <b>"Deluxe"</b>');
    await renameProduct(t.ctx.db, actualSku, 'Tea & <script>alert(1)</script>');
    await runJobs(t);
    const mail = mailsTo(`${customerId}@example.test`)[0];
    assert.ok(mail);
    const html = String(mail.html);
    assert.ok(!html.includes('<script>'), 'no markup from data');
    assert.ok(html.includes('Tea &amp; &lt;script&gt;alert(1)&lt;/script&gt;'), html);
    assert.ok(html.includes('Mug &lt;b&gt;&quot;Deluxe&quot;&lt;/b&gt;'));
    assert.match(
      mail.text ?? '',
      /We sent you Tea & <script>alert\(1\)<\/script> instead of Mug <b>"Deluxe"<\/b>\./,
    );
    assert.equal((await messagesOf(t, incident.id)).length, 1);
  });

  it('sends one message per event and channel when the job runs twice, and none after a crash mid-send', async () => {
    const customerId = await makeContact(t.ctx.db, {});
    const { incident } = await incidentFor(t, customerId);
    await runJobs(t);
    const handler = notificationsJobHandlers(t.ctx)[NOTIFY_CUSTOMER_JOB];
    assert.ok(handler);
    const job = {
      id: 'job_again',
      type: NOTIFY_CUSTOMER_JOB,
      payload: { incidentId: incident.id, event: 'detected' },
      attempts: 2,
      maxAttempts: 8,
    };
    await handler(job);
    await handler(job);
    assert.equal(mailsTo(`${customerId}@example.test`).length, 1);
    assert.equal((await messagesOf(t, incident.id)).length, 1);

    // A run that died between claiming the message and hearing from the server.
    const other = await incidentFor(t, customerId, { type: 'damaged' });
    const sendJobs = t.ctx.db
      .updateTable('jobs')
      .set({ status: 'done' })
      .where('type', '=', NOTIFY_CUSTOMER_JOB)
      .where('status', '=', 'pending');
    await sendJobs.execute();
    await handler({ ...job, payload: { incidentId: other.incident.id, event: 'detected' } });
    const before = mailsTo(`${customerId}@example.test`).length;
    await t.ctx.db
      .updateTable('messages')
      .set({ status: 'sending' })
      .where('incident_id', '=', other.incident.id)
      .execute();
    await handler({ ...job, payload: { incidentId: other.incident.id, event: 'detected' } });
    assert.equal(mailsTo(`${customerId}@example.test`).length, before, 'not sent a second time');
    const [m] = await messagesOf(t, other.incident.id);
    assert.equal(m?.status, 'failed');
    assert.match(m?.error ?? '', /interrupted while sending/);
  });

  it('resends on request, once per idempotency key', async () => {
    const customerId = await makeContact(t.ctx.db, {});
    const { incident } = await incidentFor(t, customerId);
    await runJobs(t);
    const [first] = await messagesOf(t, incident.id);
    assert.ok(first);
    const agent = await t.keyFor('agent');
    const body = { idempotencyKey: 'resend-1' };
    const a = await t.call<{ id: string; status: string }>(
      'POST',
      `/api/messages/${first.id}/resend`,
      body,
      agent,
    );
    const b = await t.call<{ id: string }>('POST', `/api/messages/${first.id}/resend`, body, agent);
    assert.equal(a.status, 202);
    assert.equal(a.body.status, 'queued');
    assert.equal(b.body.id, a.body.id);
    await runJobs(t);
    assert.equal(mailsTo(`${customerId}@example.test`).length, 2);
    const all = await messagesOf(t, incident.id);
    assert.deepEqual(
      all.map((m) => [m.status, m.createdBy !== 'system']),
      [
        ['delivered', false],
        ['delivered', true],
      ],
    );
    const viewer = await t.keyFor('viewer');
    const denied = await t.call('POST', `/api/messages/${first.id}/resend`, {}, viewer);
    assert.equal(denied.status, 403);
    const sms = await t.call<{ error: { code: string } }>(
      'POST',
      `/api/messages/${first.id}/resend`,
      { channel: 'sms' },
    );
    assert.equal(sms.status, 409);
    assert.equal(sms.body.error.code, 'channel_unavailable');
  });
});
