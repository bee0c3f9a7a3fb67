import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  publicText,
  publicTextKeys,
  type PublicText,
  type PublicTextKey,
} from '../incidents/index.js';
import { pageLocales } from './status-page.texts.js';
import { formatterFor, tellPublicText, timelineTexts } from './timeline-texts.js';

const units = [
  { sku: 'LAMP-OAK', qty: 1 },
  { sku: 'MUG', qty: 2 },
];
const at = '2026-03-02T23:18:00.000Z';

/** One text of every key, with every fact its sentence may use. */
const samples: Record<PublicTextKey, PublicText[]> = {
  voucher_issued: [
    publicText('voucher_issued', {
      code: 'ABCD-EFGH',
      currency: 'EUR',
      amount: 500,
      percentBp: null,
      maxAmount: null,
    }),
    publicText('voucher_issued', {
      code: 'ABCD-EFGH',
      currency: 'EUR',
      amount: null,
      percentBp: 2_000,
      maxAmount: 3_000,
    }),
  ],
  refund_issued: [false, true].map((toStoreCredit) =>
    publicText('refund_issued', {
      amount: 1_290,
      currency: 'EUR',
      toStoreCredit,
      issuedAt: at,
      expectedBy: at,
    }),
  ),
  store_credit_added: [
    publicText('store_credit_added', { amount: 990, currency: 'EUR', expiresAt: at }),
  ],
  options_offered: [
    publicText('options_offered', {
      options: [
        { kind: 'reship', isDefault: true },
        { kind: 'refund', isDefault: false },
      ],
      deadlineAt: at,
    }),
  ],
  option_chosen: ['status_page', 'agent', 'policy', 'deadline', 'expiry'].map((via) =>
    publicText('option_chosen', { kind: 'reship', actions: ['reship', 'return_pickup'], via }),
  ),
  plan_finished: [publicText('plan_finished', {})],
  plan_failed: [publicText('plan_failed', {})],
  reship_sent: [publicText('reship_sent', { units, serviceLevel: 'express', promisedAt: at })],
  missing_sent: [publicText('missing_sent', { units, promisedAt: at })],
  backorder_waiting: [publicText('backorder_waiting', { units, restockAt: at })],
  backorder_allocated: [
    publicText('backorder_allocated', {
      units,
      fromLocation: 'Lisbon warehouse',
      serviceLevel: 'same_day',
      promisedAt: at,
    }),
  ],
  lines_cancelled: [publicText('lines_cancelled', { units })],
  pickup_booked: [publicText('pickup_booked', { units, from: at, to: at })],
  pickup_received: [publicText('pickup_received', { units })],
  reservation_ready: [
    publicText('reservation_ready', { units, store: 'Chiado store', until: at, code: '123456' }),
  ],
  reservation_collected: [publicText('reservation_collected', {})],
  reservation_expired: [publicText('reservation_expired', { at })],
  message_sent: (['email', 'sms', 'chat'] as const).map((channel) =>
    publicText('message_sent', { channel, quote: 'Your order #1001' }),
  ),
  pickup_window_booked: [publicText('pickup_window_booked', { from: at, to: at })],
  callback_requested: [publicText('callback_requested', {})],
  photos_received: [publicText('photos_received', { files: ['box.jpg'] })],
};

describe('timeline texts', () => {
  it('have a sentence for every text key in every locale of the page, and no other', () => {
    for (const locale of pageLocales) {
      assert.deepEqual(
        Object.keys(timelineTexts[locale]).sort(),
        [...publicTextKeys].sort(),
        locale,
      );
    }
    assert.deepEqual(Object.keys(samples).sort(), [...publicTextKeys].sort());
  });

  it('tell every key in every locale with its facts filled and formatted for the locale', () => {
    const names = new Map([['LAMP-OAK', 'Oak lamp']]);
    for (const key of publicTextKeys) {
      for (const text of samples[key]) {
        const told = pageLocales.map((l) => tellPublicText(l, text, formatterFor(l, names)));
        for (const [n, sentence] of told.entries()) {
          const where = `${pageLocales[n]} ${key}: ${sentence}`;
          assert.ok(sentence && sentence.length > 10, where);
          assert.doesNotMatch(sentence, /undefined|null|NaN|\[object|\d{4}-\d{2}-\d{2}T/, where);
          if ('units' in text.params) assert.match(sentence, /1 × Oak lamp .+ 2 × MUG/, where);
        }
        const [en, es, pt] = told;
        assert.notEqual(es, en, `es ${key} is not English`);
        assert.notEqual(pt, en, `pt ${key} is not English`);
      }
    }
    const refund = samples.refund_issued[0] ?? null;
    const say = (l: 'en' | 'es' | 'pt') => tellPublicText(l, refund, formatterFor(l, new Map()));
    assert.match(say('en') ?? '', /€12\.90 .* 2 Mar 2026/);
    assert.match(say('es') ?? '', /12,90\s€ .* 2 mar 2026/);
    assert.match(say('pt') ?? '', /12,90\s€ .* 2\/03\/2026/);
  });

  it('tells nothing for an entry without a key, or with a key it does not know', () => {
    const f = formatterFor('es', new Map());
    assert.equal(tellPublicText('es', null, f), null);
    const unknown = { key: 'not_a_key', params: {} } as unknown as PublicText;
    assert.equal(tellPublicText('es', unknown, f), null);
  });
});
