import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Facts } from './analytics.js';
import { decodeFacts, encodeFacts } from './facts-codec.js';

const dims = {
  location: '01JLOC',
  carrier: 'dhl',
  packer: 'ana',
  station: 's1',
  channel: 'web',
  tier: 'b2c',
};

const facts: Facts = {
  orders: [
    {
      day: '2026-03-01',
      dims,
      delivered: true,
      full: false,
      perfect: false,
      errorReturn: true,
      control: null,
      lines: [
        { shipped: true, error: true, supplier: '01JSUP' },
        { shipped: false, error: false, supplier: 'none' },
      ],
    },
    {
      day: '2026-03-02',
      dims: {},
      delivered: false,
      full: false,
      perfect: false,
      errorReturn: false,
      control: { repeat: true },
      lines: [],
    },
  ],
  incidents: [
    {
      id: '01JINC',
      detectedDay: '2026-03-01',
      dims: { type: 'damaged', root_cause: 'none', tier: 'vip' },
      class: 'caught',
      escalated: true,
      notifyMs: null,
      resolution: { day: '2026-03-04', ms: 3_600_000, repeat: null },
    },
    {
      id: '01JIND',
      detectedDay: '2026-03-01',
      dims: { type: 'lost' },
      class: 'dismissed',
      escalated: false,
      notifyMs: 120_000,
      resolution: null,
    },
  ],
  refunds: [{ day: '2026-03-05', dims: {}, ms: null }],
  surveys: [{ sentDay: '2026-03-05', answeredDay: null, score: null, dims: { type: 'damaged' } }],
  costs: [
    {
      day: '2026-03-05',
      dims: { type: 'damaged' },
      party: 'store',
      kind: 'reship',
      currency: 'EUR',
      amount: 1250,
    },
  ],
};

describe('stored facts encoding', () => {
  it('reads back exactly what it wrote, for every kind of fact', () => {
    assert.deepEqual(decodeFacts(encodeFacts(facts)), facts);
  });

  it('writes equal facts as equal text, and cuts empty tails', () => {
    const order = { orders: facts.orders.slice(0, 1) };
    assert.equal(encodeFacts(order), encodeFacts({ ...order, costs: [] }));
    assert.ok(!encodeFacts(order).endsWith(',[]]'));
    assert.ok(encodeFacts(order).length < JSON.stringify(order).length / 2);
  });

  it('still reads facts stored as named objects', () => {
    const old = JSON.stringify({ incidents: facts.incidents });
    assert.deepEqual(decodeFacts(old), {
      ...facts,
      orders: [],
      refunds: [],
      surveys: [],
      costs: [],
      incidents: facts.incidents,
    });
  });
});
