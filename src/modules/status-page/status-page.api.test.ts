import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { multipartBody, tinyPng } from '../incidents/incidents.factories.js';
import { incidentOf, paidOrder, refundOk } from '../money/money.factories.js';
import type { IncidentDetail } from '../incidents/index.js';
import { customerIncident, linkFor, publicCall } from './status-page.factories.js';
import type { ActionResult, PublicView } from './status-page.schemas.js';

interface ErrorBody {
  error: { code: string; message: string; details?: { fields?: { path: string }[] } };
}

const api = (token: string, rest = '') => `/api/public/incidents/${token}${rest}`;

describe(`status page API (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const staffGet = (id: string) => t.call<IncidentDetail>('GET', `/api/incidents/${id}`);

  it('answers a bad, a forged, an expired and another customer’s link with the same bare 404', async () => {
    const mine = await customerIncident(t);
    const theirs = await customerIncident(t);
    const forged = Buffer.from(mine.token, 'base64url');
    forged[forged.length - 1] = (forged.at(-1) ?? 0) ^ 1;
    const soon = new Date(t.clock.now().getTime() + 60_000).toISOString();
    const expiring = linkFor(t, mine.incidentId, mine.customerId, soon).split('/').pop() ?? '';
    const crossed = linkFor(t, theirs.incidentId, mine.customerId).split('/').pop() ?? '';
    t.clock.advance(61_000);
    const tokens = [
      'not-a-token',
      forged.toString('base64url'),
      expiring,
      crossed,
      mine.token.slice(0, -4),
      'x'.repeat(90),
    ];
    const answers = await Promise.all(
      tokens.map((tok) => publicCall<ErrorBody>(t, 'GET', api(tok))),
    );
    for (const a of answers) {
      assert.equal(a.status, 404);
      assert.deepEqual(a.body, answers[0]?.body);
    }
    assert.deepEqual(answers[0]?.body, {
      error: { code: 'token_invalid', message: 'This link does not open a page' },
    });
    const pages = await Promise.all(
      tokens.map((tok) => publicCall<string>(t, 'GET', `/track/${tok}`)),
    );
    for (const p of pages) {
      assert.equal(p.status, 404);
      assert.equal(p.body, pages[0]?.body, 'one page for every case');
      assert.match(String(p.headers['content-type']), /text\/html/);
    }
    const ok = await publicCall<PublicView>(t, 'GET', api(mine.token));
    assert.equal(ok.status, 200);
  });

  it('shows the public timeline only, never internal notes or staff names', async () => {
    const c = await customerIncident(t, { locale: 'es' });
    await t.call('POST', `/api/incidents/${c.incidentId}/notes`, {
      message: 'Picker Rui took the look-alike from bin B-14',
      visibility: 'internal',
    });
    await t.call('POST', `/api/incidents/${c.incidentId}/notes`, {
      message: 'The right mug leaves the warehouse today.',
      visibility: 'public',
    });
    await t.call('POST', `/api/incidents/${c.incidentId}/transitions`, {
      to: 'verified',
      visibility: 'public',
    });
    const res = await publicCall<PublicView>(t, 'GET', api(c.token));
    assert.equal(res.status, 200);
    const text = JSON.stringify(res.body);
    assert.doesNotMatch(text, /Rui|B-14|staff:|test admin/);
    const [incident] = res.body.incidents;
    assert.equal(res.body.locale, 'es');
    assert.equal(incident?.headline, 'Hemos confirmado el problema');
    assert.deepEqual(
      incident?.timeline.map((e) => [e.by, e.title, e.message]),
      [
        [
          'Nuestro equipo',
          'Novedad de nuestro equipo',
          'The right mug leaves the warehouse today.',
        ],
        ['Nuestro equipo', 'Hemos confirmado el problema', null],
      ],
    );
    assert.ok(incident?.deadlines.resolveBy, 'the resolve clock is told as a date');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
  });

  it('shows the customer’s other incidents of the same order, the link’s first', async () => {
    const first = await customerIncident(t);
    const second = await customerIncident(t, {
      orderId: first.orderId,
      customerId: first.customerId,
      type: 'missing_item',
    });
    const res = await publicCall<PublicView>(t, 'GET', api(first.token));
    assert.deepEqual(
      res.body.incidents.map((i) => i.id),
      [first.incidentId, second.incidentId],
    );
  });

  it('shows a percent voucher with its cap on the timeline, in the customer’s words', async () => {
    const c = await customerIncident(t);
    const voucher = await t.call<{ code: string }>('POST', '/api/vouchers', {
      customerId: c.customerId,
      incidentId: c.incidentId,
      kind: 'percent',
      percentBp: 2_000,
      maxAmount: 3_000,
      currency: 'EUR',
      reason: 'with our apologies',
    });
    assert.equal(voucher.status, 201, JSON.stringify(voucher.body));
    const res = await publicCall<PublicView>(t, 'GET', api(c.token));
    assert.ok(
      res.body.incidents[0]?.timeline.some(
        (e) =>
          e.message ===
          `We sent you a voucher of 20% off (up to €30.00): your code is ${voucher.body.code}.`,
      ),
      JSON.stringify(res.body.incidents[0]?.timeline),
    );
  });

  it('escalates when the customer asks for a person: flag, agent queue, their words inside', async () => {
    const c = await customerIncident(t);
    const res = await publicCall<ActionResult>(t, 'POST', api(c.token, '/escalate'), {
      message: 'Please call me after 6pm',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.view.incidents[0]?.escalated, true);
    const staff = await staffGet(c.incidentId);
    assert.equal(staff.body.escalated, true);
    const escalation = staff.body.timeline.find((e) => e.kind === 'escalated');
    assert.equal(escalation?.actor, 'customer');
    assert.equal(escalation?.visibility, 'internal');
    assert.match(escalation?.message ?? '', /Please call me after 6pm/);
    const queue = await t.call<{ data: { id: string }[] }>('GET', '/api/incidents?escalated=true');
    assert.ok(queue.body.data.some((i) => i.id === c.incidentId));
    const shown = res.body.view.incidents[0]?.timeline.at(-1);
    assert.deepEqual([shown?.by, shown?.message], ['You', 'Please call me after 6pm']);
  });

  it('does an action once per Idempotency-Key and returns the first answer to a retry', async () => {
    const c = await customerIncident(t);
    const headers = { 'idempotency-key': 'retry-key-0001' };
    const first = await publicCall<ActionResult>(t, 'POST', api(c.token, '/escalate'), {}, headers);
    t.clock.advance(5_000);
    const again = await publicCall<ActionResult>(t, 'POST', api(c.token, '/escalate'), {}, headers);
    assert.equal(first.status, 200);
    assert.deepEqual(again, { ...first, headers: again.headers });
    const staff = await staffGet(c.incidentId);
    assert.equal(staff.body.timeline.filter((e) => e.kind === 'escalated').length, 1);
    const other = await publicCall<ErrorBody>(
      t,
      'POST',
      api(c.token, '/survey'),
      { score: 5 },
      headers,
    );
    assert.equal(other.status, 409);
    assert.equal(other.body.error.code, 'idempotency_conflict');
  });

  it('refuses bad input with a 400 naming the field, and changes nothing', async () => {
    const c = await customerIncident(t);
    const cases: [string, unknown, string][] = [
      ['/survey', { score: 7 }, 'score'],
      ['/survey', { score: 'five' }, 'score'],
      ['/choice', {}, 'optionId'],
      ['/pickup-window', { from: '2026-03-05T10:00:00Z', to: '2026-03-05T09:00:00Z' }, 'to'],
      ['/pickup-window', { from: 'tomorrow', to: '2026-03-05T09:00:00Z' }, 'from'],
      ['/pickup-window', { from: '2026-03-01T10:00:00Z', to: '2026-03-01T12:00:00Z' }, 'from'],
      ['/escalate', { message: 'x'.repeat(2001) }, 'message'],
      ['/escalate', { incidentId: 'inc_not_on_this_page' }, 'incidentId'],
    ];
    for (const [path, body, field] of cases) {
      const res = await publicCall<ErrorBody>(t, 'POST', api(c.token, path), body);
      assert.equal(res.status, 400, `${path} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      const paths = res.body.error.details?.fields?.map((f) => f.path) ?? [];
      assert.ok(paths.includes(field), `${path}: ${JSON.stringify(paths)} names ${field}`);
    }
    const bad = await publicCall<ErrorBody>(
      t,
      'POST',
      api(c.token, '/escalate'),
      {},
      {
        'idempotency-key': 'no',
      },
    );
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /idempotency-key/);
    const staff = await staffGet(c.incidentId);
    assert.equal(staff.body.escalated, false);
  });

  it('books a pickup window: stored, on the public timeline, confirmed to the customer', async () => {
    const c = await customerIncident(t);
    const window = { from: '2026-03-04T09:00:00.000Z', to: '2026-03-04T12:00:00.000Z' };
    const res = await publicCall<ActionResult>(t, 'POST', api(c.token, '/pickup-window'), window);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const view = res.body.view.incidents[0];
    assert.deepEqual(view?.pickupWindow, window);
    assert.equal(view?.timeline.at(-1)?.by, 'You');
    const jobs = await t.ctx.db
      .selectFrom('jobs')
      .select(['payload'])
      .where('type', '=', 'incident.notify_customer')
      .execute();
    assert.ok(
      jobs.some((j) => j.payload.includes('pickup_booked') && j.payload.includes(c.incidentId)),
    );
  });

  it('takes a photo from the customer and shows that it arrived', async () => {
    const c = await customerIncident(t);
    const { payload, contentType } = multipartBody([
      { field: 'photo', filename: 'broken.png', contentType: 'image/png', data: tinyPng },
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: api(c.token, '/photos'),
      headers: { 'content-type': contentType },
      payload,
    });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json<ActionResult & { received: number }>();
    assert.equal(body.received, 1);
    const staff = await staffGet(c.incidentId);
    assert.deepEqual(
      staff.body.attachments.map((a) => [a.filename, a.uploadedBy]),
      [['broken.png', 'customer']],
    );
    assert.match(body.view.incidents[0]?.timeline.at(-1)?.message ?? '', /broken\.png/);
    const gif = multipartBody([{ field: 'photo', filename: 'x.gif', data: 'GIF89a;' }]);
    const refused = await t.app.inject({
      method: 'POST',
      url: api(c.token, '/photos'),
      headers: { 'content-type': gif.contentType },
      payload: gif.payload,
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /photo/);
  });

  it('shows the plan side by side and records the customer’s choice with channel status_page', async () => {
    const c = await customerIncident(t);
    await t.call('POST', `/api/incidents/${c.incidentId}/transitions`, { to: 'verified' });
    await t.call('POST', '/api/test/clock', { advance: 'PT0S' });
    const before = await publicCall<PublicView>(t, 'GET', api(c.token));
    const plan = before.body.incidents[0]?.plan;
    assert.ok(plan?.open, JSON.stringify(before.body.incidents[0]));
    assert.equal(plan.options.filter((o) => o.isDefault).length, 1);
    assert.equal(before.body.incidents[0]?.deadlines.chooseBy, plan.deadlineAt);
    const other = plan.options.find((o) => !o.isDefault) ?? plan.options[0];
    const res = await publicCall<ActionResult>(t, 'POST', api(c.token, '/choice'), {
      optionId: other?.id,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const after = res.body.view.incidents[0]?.plan;
    assert.deepEqual([after?.chosenOptionId, after?.open], [other?.id, false]);
    const staff = await t.call<{ chosenVia: string; chosenBy: string }>(
      'GET',
      `/api/incidents/${c.incidentId}/plan`,
    );
    assert.deepEqual([staff.body.chosenVia, staff.body.chosenBy], ['status_page', 'customer']);
    const unknown = await publicCall<ErrorBody>(t, 'POST', api(c.token, '/choice'), {
      optionId: 'opt_nope',
    });
    assert.ok(unknown.status >= 400 && unknown.status < 500, String(unknown.status));
  });

  it('words the options in the customer’s language, without the planner’s codes', async () => {
    const c = await customerIncident(t, { locale: 'pt' });
    await t.call('POST', `/api/incidents/${c.incidentId}/transitions`, { to: 'verified' });
    await t.call('POST', '/api/test/clock', { advance: 'PT0S' });
    const view = await publicCall<PublicView>(t, 'GET', api(c.token));
    const options = view.body.incidents[0]?.plan?.options ?? [];
    assert.ok(options.length > 0);
    const refund = options.find((o) => o.kind === 'refund');
    assert.equal(refund?.title, 'Devolvemos o seu dinheiro');
    assert.match(refund?.customerGets ?? '', /^O dinheiro volta para o seu meio de pagamento/);
    for (const o of options) {
      assert.doesNotMatch(`${o.title} ${o.customerGets}`, /\d{4}-\d{2}-\d{2}T|EUR|[A-Z]{2,}-/);
    }
  });

  it('tells the refund in the customer’s words: issued on …, expected on the statement by …', async () => {
    const { order } = await paidOrder(t, { lines: [{ sku: (s) => s.mug.sku, qty: 1 }] });
    const incident = await incidentOf(t, order);
    const customerId = incident.customerId ?? '';
    const token = linkFor(t, incident.id, customerId).split('/').pop() ?? '';
    const refund = await refundOk(t, {
      orderId: order.id,
      incidentId: incident.id,
      amount: 1_290,
      currency: 'EUR',
      reason: 'mug broken',
    });
    const pending = await publicCall<PublicView>(t, 'GET', api(token));
    assert.match(pending.body.incidents[0]?.refunds[0]?.text ?? '', /^€12\.90: /);
    const confirmed = await t.call('POST', `/api/refunds/${refund.id}/confirm`, {
      reference: 'SEPA-1',
    });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    const issued = await publicCall<PublicView>(t, 'GET', api(token));
    const shown = issued.body.incidents[0]?.refunds[0];
    assert.equal(shown?.state, 'issued');
    assert.match(
      shown?.text ?? '',
      /^€12\.90 issued on \d+ \w+ 2026, expected on your statement by \d+ \w+ 2026\.$/,
    );
    assert.doesNotMatch(JSON.stringify(shown), /SEPA-1/, 'no payment references');
  });

  it('opens the survey only after resolution', async () => {
    const c = await customerIncident(t);
    const early = await publicCall<ErrorBody>(t, 'POST', api(c.token, '/survey'), { score: 4 });
    assert.equal(early.status, 409);
    const view = await publicCall<PublicView>(t, 'GET', api(c.token));
    assert.equal(view.body.incidents[0]?.can.answerSurvey, false);
  });
});
