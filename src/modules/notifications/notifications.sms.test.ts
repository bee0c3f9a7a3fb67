import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import type { IncidentDetail } from '../incidents/index.js';
import {
  incidentFor,
  makeContact,
  messagesOf,
  runJobs,
  setPreferences,
  startHttp,
  startSmtp,
  type TestSmtp,
} from './notifications.factories.js';
import { signBody, twilioSignature } from './providers/index.js';

const sid = 'AC0123456789abcdef';
const token = 'twilio-test-auth-token';
const secret = 'a-webhook-secret-of-some-length';
const publicUrl = 'https://redress.example';

describe(`SMS: fallback, quiet hours and delivery reports (${dialect})`, () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let twilio: Awaited<ReturnType<typeof startHttp>>;
  let n = 0;
  before(async () => {
    smtp = await startSmtp({ reject: (a) => a.startsWith('bounce') });
    twilio = await startHttp(() => ({ status: 201, body: { sid: `SM${++n}`, status: 'queued' } }));
    t = await createTestApp({
      env: {
        REDRESS_SMTP_URL: smtp.url,
        REDRESS_PUBLIC_URL: publicUrl,
        REDRESS_TWILIO_BASE_URL: twilio.url,
        REDRESS_TWILIO_ACCOUNT_SID: sid,
        REDRESS_TWILIO_AUTH_TOKEN: token,
        REDRESS_TWILIO_FROM: '+15550001111',
        REDRESS_WEBHOOK_SECRET: secret,
      },
    });
  });
  after(async () => {
    await t.close();
    await smtp.close();
    await twilio.close();
  });

  const smsTo = (phone: string) =>
    twilio.requests.map((r) => new URLSearchParams(r.body)).filter((f) => f.get('To') === phone);

  async function reachable(opts: { email?: string; phone: string; locale?: 'en' | 'es' | 'pt' }) {
    const id = await makeContact(t.ctx.db, {
      ...opts,
      ...(opts.email ? { email: opts.email } : {}),
    });
    const res = await setPreferences(t, id, {
      channels: ['email', 'sms'],
      smsConsent: true,
      quietHours: null,
      timezone: 'Europe/Lisbon',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return id;
  }

  it('falls back to SMS through the Twilio-compatible API when the email bounces', async () => {
    const phone = '+351910000001';
    const customerId = await reachable({ email: 'bounce-1@example.test', phone, locale: 'es' });
    const { incident, order } = await incidentFor(t, customerId);
    await runJobs(t);

    const [email, sms] = await messagesOf(t, incident.id);
    assert.equal(email?.channel, 'email');
    assert.equal(email?.status, 'bounced');
    assert.match(email?.error ?? '', /550/);
    assert.equal(sms?.channel, 'sms');
    assert.equal(sms?.fallbackOf, email?.id);
    assert.equal(sms?.status, 'sent');
    assert.equal(sms?.provider, 'twilio');

    const [form, ...more] = smsTo(phone);
    assert.ok(form);
    assert.equal(more.length, 0);
    const request = twilio.requests.find((r) => new URLSearchParams(r.body).get('To') === phone);
    assert.equal(request?.url, `/2010-04-01/Accounts/${sid}/Messages.json`);
    assert.equal(
      request?.headers.authorization,
      `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`,
    );
    assert.equal(form.get('From'), '+15550001111');
    assert.equal(form.get('StatusCallback'), `${publicUrl}/api/messages/status-callback`);
    const body = form.get('Body') ?? '';
    assert.ok(body.startsWith(`Hemos detectado un problema con tu pedido ${order.id}`), body);
    assert.ok(body.includes(`${publicUrl}/track/`), 'the SMS carries the link');
    assert.equal(sms?.providerMessageId, `SM${n}`);

    const detail = (await t.call<IncidentDetail>('GET', `/api/incidents/${incident.id}`)).body;
    assert.ok(
      detail.timeline.some((e) => e.visibility === 'internal' && /bounced/.test(e.message)),
    );
    assert.ok(
      detail.timeline.some((e) => e.kind === 'customer_notified' && /^SMS sent/.test(e.message)),
    );
  });

  it('takes Twilio delivery reports only with a valid signature, and never moves a status back', async () => {
    const phone = '+351910000002';
    const customerId = await reachable({ email: 'bounce-2@example.test', phone });
    const { incident } = await incidentFor(t, customerId);
    await runJobs(t);
    const sms = (await messagesOf(t, incident.id)).find((m) => m.channel === 'sms');
    assert.ok(sms?.providerMessageId);
    const report = async (status: string, signature?: string) => {
      const params = {
        MessageSid: sms.providerMessageId ?? '',
        MessageStatus: status,
        AccountSid: sid,
      };
      const url = `${publicUrl}/api/messages/status-callback`;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/messages/status-callback',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature ?? twilioSignature(token, url, params),
        },
        payload: new URLSearchParams(params).toString(),
      });
      return { status: res.statusCode, body: res.json<{ status: string; changed: boolean }>() };
    };
    const forged = await report('delivered', 'bm90IGEgc2lnbmF0dXJl');
    assert.equal(forged.status, 401);
    assert.deepEqual(await report('delivered'), {
      status: 200,
      body: { messageId: sms.id, status: 'delivered', changed: true },
    });
    const late = await report('sent');
    assert.equal(late.body.changed, false, 'a late "sent" does not undo "delivered"');
    const [, after] = await messagesOf(t, incident.id);
    assert.equal(after?.status, 'delivered');
    assert.ok(after?.deliveredAt);
  });

  it('falls back to SMS when the email is not delivered within the configured time', async () => {
    const down = await startSmtp();
    await down.close();
    const app = await createTestApp({
      env: {
        REDRESS_SMTP_URL: down.url,
        REDRESS_TWILIO_BASE_URL: twilio.url,
        REDRESS_TWILIO_ACCOUNT_SID: sid,
        REDRESS_TWILIO_AUTH_TOKEN: token,
        REDRESS_TWILIO_FROM: '+15550001111',
        REDRESS_EMAIL_FALLBACK_MINUTES: '20',
      },
    });
    try {
      const phone = '+351910000003';
      const customerId = await makeContact(app.ctx.db, { phone });
      await setPreferences(app, customerId, {
        channels: ['email', 'sms'],
        smsConsent: true,
        quietHours: null,
      });
      const { incident } = await incidentFor(app, customerId);
      await runJobs(app);
      const [queued, ...none] = await messagesOf(app, incident.id);
      assert.equal(queued?.status, 'queued', 'the relay is down: the email waits for a retry');
      assert.match(queued?.error ?? '', /ECONNREFUSED/);
      assert.equal(none.length, 0);

      await runJobs(app, 'PT19M');
      assert.equal(smsTo(phone).length, 0, 'not before the fallback time');
      await runJobs(app, 'PT1M');
      const sms = (await messagesOf(app, incident.id)).find((m) => m.channel === 'sms');
      assert.equal(sms?.status, 'sent');
      assert.equal(sms?.fallbackOf, queued?.id);
      assert.equal(smsTo(phone).length, 1);
    } finally {
      await app.close();
    }
  });

  it('holds an SMS that falls in quiet hours until they end in the customer’s time zone', async () => {
    const phone = '+351910000004';
    const customerId = await makeContact(t.ctx.db, { email: null, phone });
    await setPreferences(t, customerId, {
      channels: ['sms'],
      smsConsent: true,
      timezone: 'America/Sao_Paulo',
    });
    // 01:30 UTC is 22:30 in São Paulo (UTC−3): inside the default 21:00–08:00.
    await t.call('POST', '/api/test/clock', { set: '2026-03-05T01:30:00.000Z' });
    const { incident } = await incidentFor(t, customerId);
    await runJobs(t);
    const [held] = await messagesOf(t, incident.id);
    assert.equal(held?.status, 'queued');
    assert.equal(held?.scheduledAt, '2026-03-05T11:00:00.000Z', '08:00 in São Paulo');
    assert.equal(smsTo(phone).length, 0);

    await t.call('POST', '/api/test/clock', { set: '2026-03-05T10:59:00.000Z' });
    assert.equal(smsTo(phone).length, 0);
    await t.call('POST', '/api/test/clock', { set: '2026-03-05T11:00:00.000Z' });
    assert.equal(smsTo(phone).length, 1);
    assert.equal((await messagesOf(t, incident.id))[0]?.status, 'sent');
  });

  it('takes a signed generic report of a late bounce and starts the SMS fallback', async () => {
    const phone = '+351910000005';
    const customerId = await reachable({ phone });
    const { incident } = await incidentFor(t, customerId);
    await runJobs(t);
    const [email] = await messagesOf(t, incident.id);
    assert.equal(email?.status, 'delivered');
    const body = JSON.stringify({ messageId: email.id, status: 'bounced', error: 'mailbox full' });
    const post = (signature: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/messages/status-callback',
        headers: { 'content-type': 'application/json', 'x-redress-signature': signature },
        payload: body,
      });
    assert.equal((await post(signBody('wrong-secret-wrong-secret', body))).statusCode, 401);
    const ok = await post(signBody(secret, body));
    assert.equal(ok.statusCode, 200, ok.body);
    await runJobs(t);
    const [bounced, sms] = await messagesOf(t, incident.id);
    assert.equal(bounced?.status, 'bounced');
    assert.equal(bounced?.error, 'mailbox full');
    assert.equal(sms?.channel, 'sms');
    assert.equal(smsTo(phone).length, 1);
  });
});
