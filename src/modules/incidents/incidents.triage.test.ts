import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { defaultDataPath, loadDataset, splitSamples, type Sample } from '../triage/dataset.js';
import { reviewThreshold } from '../triage/index.js';
import { makeOrder } from './incidents.factories.js';
import type { IncidentDetail } from './incidents.js';

const noData = existsSync(defaultDataPath)
  ? false
  : `Olist data not found at ${defaultDataPath.pathname} (CI keeps ../shared/data beside the repo)`;

/** The first two held-out reviews of each complaint type (`other` is mostly praise). */
function heldOutComplaints(): Sample[] {
  const { test } = splitSamples(loadDataset().samples);
  const types = ['late_delivery', 'missing_item', 'wrong_item', 'damaged', 'return_request'];
  return types.flatMap((type) => test.filter((s) => s.label === type).slice(0, 2));
}

describe(`free-text reports of real complaints, triaged at intake (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  async function reportAs(locale: 'pt' | 'es' | 'en', description: string) {
    const order = await makeOrder(t.ctx.db, { locale });
    const res = await t.call<IncidentDetail>('POST', '/api/incidents', {
      source: 'customer',
      orderId: order.id,
      description,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  it(
    'types 6 of 10 held-out Portuguese complaints as labelled, and flags the unsure',
    { skip: noData },
    async () => {
      const samples = heldOutComplaints();
      assert.equal(samples.length, 10);
      const results = [];
      for (const s of samples) {
        const incident = await reportAs('pt', s.text);
        const triaged = incident.timeline.find((e) => e.kind === 'triaged')?.data ?? {};
        const confidence = Number(triaged.intakeConfidence ?? triaged.confidence);
        assert.equal(triaged.language, 'pt');
        assert.equal(incident.needsTriage, confidence < reviewThreshold, `flag of review ${s.id}`);
        results.push({ label: s.label, incident, rule: triaged.rule });
      }
      const misses = results.filter((r) => r.incident.type !== r.label);
      assert.equal(results.length - misses.length, 6);
      // Measured: two reviews labelled return ("defeito", "não funciona") become damaged incidents
      // whose customer wants a return — intake's documented rule, not a triage error — and the
      // other two misses are both flagged for an agent.
      const byRule = misses.filter((m) => m.rule === 'defect_is_damage');
      assert.deepEqual(
        byRule.map((m) => [m.label, m.incident.type, m.incident.facts]),
        [
          ['return_request', 'damaged', { customerWants: 'return' }],
          ['return_request', 'damaged', { customerWants: 'return' }],
        ],
      );
      assert.deepEqual(
        misses.filter((m) => !m.rule).map((m) => m.incident.needsTriage),
        [true, true],
      );
      assert.equal(results.filter((r) => r.incident.needsTriage).length, 2);
    },
  );

  const spanish: [string, string][] = [
    ['La lámpara llegó rota.', 'damaged'],
    ['Pedí tres camisetas y solo llegaron dos.', 'missing_item'],
    ['Mi pedido tenía que llegar el lunes y todavía no ha llegado.', 'late_delivery'],
    ['Quiero devolver el producto y que me reembolsen el dinero.', 'return_request'],
  ];
  const english: [string, string][] = [
    ['The vase arrived broken into pieces.', 'damaged'],
    ['They sent the wrong model, I bought the 128GB version and got the 64GB.', 'wrong_item'],
    ['Still waiting for my package, the estimated date passed 5 days ago.', 'late_delivery'],
    ['I want to return this item and get my money back.', 'return_request'],
  ];

  // Measured: all right; one English guess (0.59) is right but under the threshold.
  for (const [locale, set, unsure] of [
    ['es', spanish, []],
    ['en', english, ['Still waiting for my package, the estimated date passed 5 days ago.']],
  ] as const) {
    it(`types ${locale} complaints in the customer's language, flagging only the unsure`, async () => {
      const flagged: string[] = [];
      for (const [text, type] of set) {
        const incident = await reportAs(locale, text);
        assert.equal(incident.type, type, text);
        const triaged = incident.timeline.find((e) => e.kind === 'triaged');
        assert.equal(triaged?.data?.language, locale);
        if (incident.needsTriage) flagged.push(text);
      }
      assert.deepEqual(flagged, unsure);
    });
  }
});
