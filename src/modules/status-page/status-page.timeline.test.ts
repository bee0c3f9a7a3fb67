import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { getIncident, type TimelineEntry } from '../incidents/index.js';
import { makeContact, runJobs } from '../notifications/notifications.factories.js';
import { addStock } from '../orders/orders.factories.js';
import {
  advance,
  choosePartialDelivery,
  lampPurchaseOrder,
  lampShortOrder,
  makeRemedyStore,
  planOf,
  shipmentSteps,
  stepOf,
} from '../remedies/remedies.factories.js';
import { newId } from '../../shared/ids.js';
import type { Refund } from '../money/index.js';
import { customerIncident, linkFor, publicCall } from './status-page.factories.js';
import type { PublicView } from './status-page.schemas.js';
import { formatWhen, type PageLocale } from './status-page.texts.js';

/** A transition that says nothing but the state reached: the page shows only its heading. */
const bareTransition = (e: TimelineEntry) => e.kind === 'transition' && /→/.test(e.message);

describe(`the status page tells the timeline in the customer's language (${dialect})`, () => {
  let t: TestApp;
  let packerKey: string;
  before(async () => {
    t = await createTestApp();
    packerKey = await t.keyFor('packer');
  });
  after(() => t.close());

  /**
   * A lamp missing at packing; the customer takes the partial delivery (money back for the lamp
   * now, the lamp when it is back), gets a voucher, the lamp comes back and is delivered, and the
   * plan finishes. Every message of the incident is sent.
   */
  async function story(locale: PageLocale) {
    const s = {
      ...(await makeRemedyStore(t)),
      customerId: await makeContact(t.ctx.db, { locale }),
    };
    await lampPurchaseOrder(t, s, 1);
    const { order, incidentId } = await lampShortOrder(t, s, packerKey);
    await choosePartialDelivery(t, incidentId);
    const voucher = await t.call<{ code: string }>('POST', '/api/vouchers', {
      customerId: s.customerId,
      incidentId,
      kind: 'fixed',
      amount: 500,
      currency: 'EUR',
      reason: 'with our apologies',
    });
    assert.equal(voucher.status, 201, JSON.stringify(voucher.body));
    await addStock(t.ctx.db, s.lamp.id, s.w1.id, 1);
    await advance(t, 'PT2H');
    const backorder = stepOf(await planOf(t, incidentId), 'backorder');
    const [lampShipment] = backorder.detail.shipmentIds as string[];
    assert.ok(lampShipment, JSON.stringify(backorder.detail));
    await shipmentSteps(t, order.id, lampShipment, ['pack', 'ship', 'deliver']);
    await advance(t, 'PT15M');
    assert.equal((await planOf(t, incidentId)).state, 'completed');
    const refunds = await t.call<{ data: Refund[] }>(
      'GET',
      `/api/refunds?incidentId=${incidentId}`,
    );
    for (const r of refunds.body.data) {
      const res = await t.call('POST', `/api/refunds/${r.id}/confirm`, {
        reference: `SEPA-${r.id}`,
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    await runJobs(t);
    const timeline = (await getIncident(t.ctx.db, incidentId, t.clock)).timeline;
    const token = linkFor(t, incidentId, s.customerId).split('/').pop() ?? '';
    const from = await t.ctx.db
      .selectFrom('locations')
      .select('name')
      .where('id', '=', s.w1.id)
      .executeTakeFirstOrThrow();
    return {
      token,
      timeline,
      voucher: voucher.body.code,
      lampName: `Product ${s.lamp.sku}`,
      from: from.name,
      promisedAt: String(backorder.detail.promisedAt),
      refunds: (await t.call<{ data: Refund[] }>('GET', `/api/refunds?incidentId=${incidentId}`))
        .body.data,
    };
  }

  const esc = (x: string) => x.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  /** Intl puts no-break spaces in "5,00 €" and "20 %": compared as plain spaces. */
  const plain = (x: string) => x.replace(/\s/g, ' ');

  /** What the page shows of the story: the API's timeline and the HTML. */
  async function shown(token: string) {
    const api = await publicCall<PublicView>(t, 'GET', `/api/public/incidents/${token}`);
    assert.equal(api.status, 200, JSON.stringify(api.body));
    const html = await publicCall<string>(t, 'GET', `/track/${token}`);
    assert.equal(html.status, 200);
    const timeline = api.body.incidents[0]?.timeline ?? [];
    return {
      view: api.body,
      timeline,
      messages: timeline.map((e) => (e.message === null ? null : plain(e.message))),
      html: plain(html.body),
    };
  }

  /** The sentences of the four outcomes every customer hears of, in `locale`. */
  async function expectedSentences(
    locale: 'es' | 'pt',
    x: Awaited<ReturnType<typeof story>>,
  ): Promise<string[]> {
    const refund = x.refunds[0];
    assert.ok(refund?.issuedAt && refund.expectedOnStatementBy, JSON.stringify(x.refunds));
    const on = formatWhen(locale, refund.issuedAt, false);
    const by = formatWhen(locale, refund.expectedOnStatementBy, false);
    const lamp = `1 × ${x.lampName}`;
    const until = formatWhen(locale, x.promisedAt);
    return locale === 'pt'
      ? [
          `Enviámos-lhe um vale de 5,00 €: o seu código é ${x.voucher}.`,
          `Reembolsámos 89,00 € para o seu meio de pagamento original a ${on}; deverá aparecer no seu extrato até ${by}.`,
          `${lamp} voltou a estar disponível e está a caminho a partir de ${x.from} (entrega no próprio dia até ${until}).`,
          'Tudo o que lhe prometemos está feito.',
        ]
      : [
          `Te hemos enviado un vale de 5,00 €: tu código es ${x.voucher}.`,
          `Te hemos reembolsado 89,00 € a tu medio de pago original el ${on}; lo verás en tu extracto antes del ${by}.`,
          `${lamp} vuelve a estar disponible y va de camino desde ${x.from} (entrega en el día antes del ${until}).`,
          'Todo lo que te prometimos está hecho.',
        ];
  }

  for (const locale of ['pt', 'es'] as const) {
    it(`tells a ${locale} customer the voucher, the refund, the backorder and the finished plan in ${locale}, on the page and in its API`, async () => {
      const x = await story(locale);
      const page = await shown(x.token);
      assert.equal(page.view.locale, locale);
      const sentences = await expectedSentences(locale, x);
      for (const sentence of sentences) {
        assert.ok(page.messages.includes(sentence), `${sentence}\n${page.messages.join('\n')}`);
        assert.ok(page.html.includes(esc(sentence)), `HTML: ${sentence}`);
      }
      const finished = page.timeline[page.messages.indexOf(sentences[3] ?? '')];
      assert.equal(finished?.title, locale === 'pt' ? 'Resolvido' : 'Solucionado');

      // Every public entry the system wrote has a text key: none is left to show in English.
      const untold = x.timeline.filter(
        (e) => e.visibility === 'public' && !bareTransition(e) && !e.publicText,
      );
      assert.deepEqual(
        untold.map((e) => e.message),
        [],
        'public entries without a text key',
      );
      const english = new Map(x.timeline.map((e) => [e.id, e.message]));
      assert.ok(page.timeline.length >= 10, JSON.stringify(page.timeline));
      for (const e of page.timeline) {
        if (e.message === null) continue;
        assert.notEqual(e.message, english.get(e.id), `told as staff read it: ${e.message}`);
        assert.doesNotMatch(e.message, /\d{4}-\d{2}-\d{2}|\d{2}Z\b|\bEUR\b/, e.message);
        assert.doesNotMatch(e.message, /\b(the|is|we|your|of|by|sent)\b/i, e.message);
        assert.ok(page.html.includes(esc(plain(e.message))), `HTML: ${e.message}`);
      }
    });
  }

  it('shows an entry written before text keys as it was written, beside one told in the language', async () => {
    const c = await customerIncident(t, { locale: 'es' });
    const older = 'Voucher OLD1-OLD1-OLD1 of 5.00 EUR issued: with our apologies';
    await t.ctx.db
      .insertInto('incident_events')
      .values({
        id: newId('iev'),
        incident_id: c.incidentId,
        at: t.clock.now().toISOString(),
        actor: 'system',
        kind: 'note',
        visibility: 'public',
        from_state: null,
        to_state: null,
        message: older,
        data: null,
        public_text: null,
      })
      .execute();
    t.clock.advance(1_000);
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
    const page = await shown(c.token);
    const newer = `Te hemos enviado un vale de 20 % de descuento (hasta 30,00 €): tu código es ${voucher.body.code}.`;
    assert.deepEqual(page.messages, [older, newer]);
    assert.ok(page.html.includes(esc(older)) && page.html.includes(esc(newer)), page.html);
  });
});
