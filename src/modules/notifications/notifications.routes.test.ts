import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import {
  incidentFor,
  makeContact,
  messagesOf,
  renameProduct,
  runJobs,
  setPreferences,
  startHttp,
} from './notifications.factories.js';
import type { Message } from './notifications.js';
import { verifyBody } from './providers/index.js';
import type { Preview } from './use-cases/preview.js';

interface ErrorBody {
  error: { code: string; details?: { fields?: { path: string }[] } };
}
const fieldsOf = (b: unknown) =>
  ((b as ErrorBody).error.details?.fields ?? []).map((f) => f.path).sort();
const secret = 'chat-webhook-secret-123456';

describe(`messages API: outbox, chat webhook, preview, preferences (${dialect})`, () => {
  let t: TestApp;
  let chat: Awaited<ReturnType<typeof startHttp>>;
  before(async () => {
    chat = await startHttp(() => ({ status: 200, body: { id: 'chat-msg-1' } }));
    t = await createTestApp({
      env: { REDRESS_CHAT_WEBHOOK_URL: `${chat.url}/hooks/chat`, REDRESS_WEBHOOK_SECRET: secret },
    });
  });
  after(async () => {
    await t.close();
    await chat.close();
  });

  it('keeps email in the local outbox when no SMTP server is configured', async () => {
    const customerId = await makeContact(t.ctx.db, { locale: 'es' });
    const { incident } = await incidentFor(t, customerId);
    await runJobs(t);
    const [m] = await messagesOf(t, incident.id);
    assert.equal(m?.provider, 'outbox');
    assert.equal(m?.status, 'delivered');
    const outbox = await t.call<{ data: Message[] }>('GET', '/api/outbox?channel=email');
    assert.ok(outbox.body.data.some((o) => o.id === m?.id));
    const eml = readFileSync(join(t.ctx.config.dataDir, 'outbox', `${m?.id}.eml`), 'utf8');
    assert.match(eml, /Content-Type: text\/html/);
    assert.match(eml, new RegExp(`To: ${customerId}@example.test`));
  });

  it('posts chat messages as signed JSON to the webhook', async () => {
    const customerId = await makeContact(t.ctx.db, { locale: 'pt' });
    await setPreferences(t, customerId, { channels: ['chat', 'email'], smsConsent: false });
    const { incident } = await incidentFor(t, customerId);
    await runJobs(t);
    const request = chat.requests.find((r) => r.body.includes(incident.id));
    assert.ok(request, 'the chat webhook was called');
    assert.equal(request.url, '/hooks/chat');
    const signature = request.headers['x-redress-signature'];
    assert.ok(verifyBody(secret, request.body, String(signature)), 'signed with the secret');
    assert.ok(!verifyBody('another-secret-000000', request.body, String(signature)));
    const body = JSON.parse(request.body) as Record<string, unknown>;
    assert.equal(body.type, 'redress.customer_message');
    assert.equal(body.customerId, customerId);
    assert.equal(body.locale, 'pt');
    assert.equal(body.event, 'detected');
    assert.match(String((body.link as { url: string }).url), /\/track\//);
    const [m] = await messagesOf(t, incident.id);
    assert.equal(m?.channel, 'chat');
    assert.equal(m?.provider, 'chat-webhook');
    assert.equal(m?.providerMessageId, 'chat-msg-1');
    assert.equal(m?.id, body.messageId);
  });

  it('previews an incident’s message on every channel in any language without sending', async () => {
    const customerId = await makeContact(t.ctx.db, { locale: 'en', name: 'Ana Costa' });
    const { incident, expectedSku } = await incidentFor(t, customerId, { type: 'missing_item' });
    await renameProduct(t.ctx.db, expectedSku, 'White mug');
    const url = (channel: string, locale = '') =>
      `/api/messages/preview?incidentId=${incident.id}&event=detected&channel=${channel}${locale}`;
    const email = await t.call<Preview>('GET', url('email', '&locale=pt'));
    assert.equal(email.status, 200, JSON.stringify(email.body));
    assert.equal(email.body.locale, 'pt');
    assert.match(email.body.subject ?? '', /^Seu pedido /);
    assert.match(email.body.html ?? '', /<!doctype html>/);
    const sms = await t.call<Preview>('GET', url('sms'));
    assert.equal(sms.body.sms?.encoding, 'gsm7');
    assert.ok((sms.body.sms?.segments ?? 9) <= 2);
    const phone = await t.call<Preview>('GET', url('phone'));
    assert.match(phone.body.lines?.[0] ?? '', /^Hello, may I speak to Ana\?/);
    const script = await t.call<{ event: string; lines: string[] }>(
      'GET',
      `/api/incidents/${incident.id}/phone-script?locale=es`,
    );
    assert.equal(script.body.event, 'detected');
    assert.match(script.body.lines[0] ?? '', /^Hola, ¿hablo con Ana\?/);
    assert.deepEqual(await messagesOf(t, incident.id), [], 'nothing stored or sent');

    const bad = await t.call(
      'GET',
      `/api/messages/preview?incidentId=${incident.id}&event=nope&channel=fax`,
    );
    assert.equal(bad.status, 400);
    assert.deepEqual(fieldsOf(bad.body), ['querystring.channel', 'querystring.event'].sort());
  });

  it('previews a template from sample facts', async () => {
    const res = await t.call<Preview>('POST', '/api/messages/preview', {
      incidentType: 'damaged',
      event: 'refund_issued',
      channel: 'email',
      locale: 'es',
      facts: { amount: '12,90 €', expectedBy: '5 de marzo de 2026' },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.subject, 'Tu pedido #100234: tu reembolso está en camino');
    assert.match(
      res.body.text,
      /Hemos emitido un reembolso de 12,90 € a tu método de pago original\./,
    );
    assert.match(res.body.text, /Deberías verlo en tu extracto antes del 5 de marzo de 2026\./);
  });

  it('keeps contact preferences with defaults, consent time and validation', async () => {
    const customerId = await makeContact(t.ctx.db, { phone: '+34600000001' });
    const defaults = await t.call<Record<string, unknown>>(
      'GET',
      `/api/customers/${customerId}/contact-preferences`,
    );
    assert.deepEqual(
      {
        channels: defaults.body.channels,
        smsConsent: defaults.body.smsConsent,
        quietHours: defaults.body.quietHours,
        isDefault: defaults.body.isDefault,
        reachableOn: defaults.body.reachableOn,
      },
      {
        channels: ['email', 'sms'],
        smsConsent: false,
        quietHours: { start: '21:00', end: '08:00' },
        isDefault: true,
        reachableOn: ['email'],
      },
    );
    const bad = await setPreferences(t, customerId, {
      channels: ['sms', 'sms', 'fax'],
      smsConsent: 'yes',
      quietHours: { start: '25:00', end: '08:00' },
      timezone: 'Mars/Olympus',
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(fieldsOf(bad.body), [
      'channels.2',
      'quietHours.start',
      'smsConsent',
      'timezone',
    ]);
    const repeated = await setPreferences(t, customerId, {
      channels: ['sms', 'sms'],
      smsConsent: true,
    });
    assert.deepEqual(fieldsOf(repeated.body), ['channels']);
    const set = await setPreferences(t, customerId, {
      channels: ['sms', 'email'],
      smsConsent: true,
      timezone: 'Europe/Madrid',
    });
    assert.equal(set.status, 200);
    const body = set.body as { smsConsentAt: string; reachableOn: string[]; isDefault: boolean };
    assert.equal(body.smsConsentAt, t.clock.now().toISOString());
    assert.deepEqual(body.reachableOn, ['sms', 'email']);
    assert.equal(body.isDefault, false);
    const missing = await t.call('GET', '/api/customers/cus_nope/contact-preferences');
    assert.equal(missing.status, 404);
    const viewer = await t.keyFor('viewer');
    const denied = await t.call(
      'PUT',
      `/api/customers/${customerId}/contact-preferences`,
      { channels: ['email'], smsConsent: false },
      viewer,
    );
    assert.equal(denied.status, 403);
  });

  it('documents its routes in the OpenAPI contract', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(res.statusCode, 200);
    const paths = Object.keys(res.json<{ paths: Record<string, unknown> }>().paths);
    for (const p of [
      '/api/incidents/{id}/messages',
      '/api/incidents/{id}/phone-script',
      '/api/messages/preview',
      '/api/messages/{id}/resend',
      '/api/messages/status-callback',
      '/api/customers/{id}/contact-preferences',
      '/api/outbox',
    ]) {
      assert.ok(paths.includes(p), p);
    }
  });

  it('notes on the timeline when the customer cannot be reached, and sends nothing', async () => {
    const customerId = await makeContact(t.ctx.db, { email: null });
    const { incident } = await incidentFor(t, customerId);
    await runJobs(t);
    assert.deepEqual(await messagesOf(t, incident.id), []);
    const detail = await t.call<{ timeline: { message: string; visibility: string }[] }>(
      'GET',
      `/api/incidents/${incident.id}`,
    );
    assert.ok(
      detail.body.timeline.some(
        (e) =>
          e.visibility === 'internal' &&
          /was not sent: the customer has no channel/.test(e.message),
      ),
    );
  });
});
