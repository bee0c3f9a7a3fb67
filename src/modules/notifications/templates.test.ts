import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locales } from '../catalog/index.js';
import { customerMessageEvents, incidentTypes, rootCauses } from '../incidents/index.js';
import { composeMessage, fill, templates } from './compose.js';
import { buildFacts } from './facts.js';
import type { MessageContent } from './notifications.js';
import {
  renderChat,
  renderEmail,
  renderPhoneScript,
  renderSms,
  smsSegments,
  toGsm7,
} from './render.js';
import { factNames, type Facts, type Sentence } from './templates/template-types.js';

// A status-page link as long as a real one (a signed token of two ids and an expiry).
const link = `http://localhost:3000/track/${'x'.repeat(118)}`;
const minimal: Facts = { name: 'Ana', orderRef: '#100234' };
const full: Facts = Object.fromEntries(factNames.map((f) => [f, `[${f}]`]));

function everyText(c: MessageContent, facts: Facts): string[] {
  const email = renderEmail(c);
  return [
    email.subject,
    email.text,
    email.html,
    renderSms(c).text,
    JSON.stringify(renderChat(c, { messageId: 'm', incidentId: 'i', customerId: 'c' })),
    renderPhoneScript(c, facts).text,
  ];
}

function sentencesOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(sentencesOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(sentencesOf);
  return [];
}

describe('message templates', () => {
  it('render every event × incident type × locale with no placeholder left, from the fewest facts', () => {
    let n = 0;
    for (const locale of locales) {
      for (const event of customerMessageEvents) {
        for (const incidentType of incidentTypes) {
          for (const facts of [minimal, full]) {
            const c = composeMessage({ locale, event, incidentType, rootCause: null, facts, link });
            for (const text of everyText(c, facts)) {
              assert.doesNotMatch(text, /\{\w+\}/, `${locale} ${event} ${incidentType}: ${text}`);
            }
            assert.ok(c.subject && c.headline && c.short, `${locale} ${event}`);
            n += 1;
          }
        }
      }
    }
    assert.equal(n, 3 * 15 * 10 * 2);
  });

  it('use every sentence of a template when all facts are known, and say what happened per type', () => {
    for (const locale of locales) {
      const t = templates[locale];
      for (const event of customerMessageEvents) {
        const e = t.events[event];
        const c = composeMessage({
          locale,
          event,
          incidentType: 'damaged',
          rootCause: null,
          facts: full,
          link,
        });
        assert.equal(c.doing.length, e.doing.length, `${locale} ${event} doing`);
        assert.equal(c.choice.length, (e.choice ?? []).length, `${locale} ${event} choice`);
      }
      for (const type of incidentTypes) {
        const c = composeMessage({
          locale,
          event: 'detected',
          incidentType: type,
          rootCause: null,
          facts: full,
          link,
        });
        assert.equal(c.happened.length, t.happened[type].length, `${locale} ${type}`);
        assert.ok(c.happened.length > 0);
      }
    }
  });

  it('name only known facts, and give the same events and types in every language', () => {
    const known = new Set<string>(factNames);
    for (const locale of locales) {
      for (const s of sentencesOf(templates[locale])) {
        for (const [, name] of s.matchAll(/\{(\w+)\}/g)) {
          assert.ok(known.has(name ?? ''), `${locale}: unknown fact {${name}} in “${s}”`);
        }
      }
      assert.deepEqual(
        Object.keys(templates[locale].events).sort(),
        [...customerMessageEvents].sort(),
      );
      assert.deepEqual(Object.keys(templates[locale].happened).sort(), [...incidentTypes].sort());
      for (const cause of rootCauses.filter((r) => r !== 'other')) {
        assert.ok(templates[locale].why[cause], `${locale} why ${cause}`);
      }
    }
  });

  it('are translated: no Spanish or Portuguese sentence is the English one', () => {
    const english = new Set(sentencesOf(templates.en));
    for (const locale of ['es', 'pt'] as const) {
      const same = sentencesOf(templates[locale]).filter((s) => english.has(s));
      assert.deepEqual(same, [], locale);
    }
  });

  it('keep every SMS within two segments of the GSM alphabet with a full-length link', () => {
    for (const locale of locales) {
      for (const event of customerMessageEvents) {
        const c = composeMessage({
          locale,
          event,
          incidentType: 'wrong_item',
          rootCause: null,
          facts: minimal,
          link,
        });
        const sms = renderSms(c);
        assert.equal(sms.encoding, 'gsm7', `${locale} ${event}: ${sms.text}`);
        assert.ok(sms.segments <= 2, `${locale} ${event}: ${sms.segments} segments`);
        assert.ok(sms.text.endsWith(link));
      }
    }
  });

  it('tell the root cause in plain words on detection, never its code', () => {
    const c = composeMessage({
      locale: 'en',
      event: 'detected',
      incidentType: 'wrong_item',
      rootCause: 'look_alike_sku',
      facts: { ...minimal, expectedItem: 'Blue T-shirt M', actualItem: 'Navy T-shirt M' },
      link,
    });
    assert.deepEqual(c.happened, [
      'We sent you Navy T-shirt M instead of Blue T-shirt M.',
      'Two very similar items were mixed up in our warehouse: our mistake.',
    ]);
    assert.ok(!everyText(c, minimal).some((t) => /look_alike|wrong_item/.test(t)));
  });
});

describe('template filling and SMS encoding', () => {
  it('takes the first alternative whose facts are known, and drops a sentence none fits', () => {
    const s: Sentence = ['Refund of {amount} by {expectedBy}.', 'Refund of {amount}.'];
    assert.equal(fill(s, { amount: '€12.90' }), 'Refund of €12.90.');
    assert.equal(fill(s, {}), null);
    assert.equal(fill('{items} were missing.', { items: 'mugs' }), 'Mugs were missing.');
  });

  it('counts segments by alphabet: 160/153 GSM-7 characters, 70/67 UCS-2', () => {
    assert.deepEqual(smsSegments('a'.repeat(160)), { segments: 1, encoding: 'gsm7' });
    assert.deepEqual(smsSegments('a'.repeat(161)), { segments: 2, encoding: 'gsm7' });
    assert.deepEqual(smsSegments('€'.repeat(80)), { segments: 1, encoding: 'gsm7' });
    assert.deepEqual(smsSegments('€'.repeat(81)), { segments: 2, encoding: 'gsm7' });
    assert.deepEqual(smsSegments('ã'.repeat(70)), { segments: 1, encoding: 'ucs2' });
    assert.deepEqual(smsSegments('ã'.repeat(71)), { segments: 2, encoding: 'ucs2' });
  });

  it('keeps GSM letters and strips only the accents outside the alphabet', () => {
    assert.equal(
      toGsm7('Olá, João: reposição à vista — ¿sí? ñ é ü'),
      'Ola, Joao: reposicao à vista - ¿si? ñ é ü',
    );
    assert.equal(toGsm7('Order “#12” isn’t late'), 'Order "#12" isn\'t late');
  });
});

const source = (locale: 'en' | 'es' | 'pt', data: Record<string, unknown>) =>
  buildFacts({
    locale,
    timezone: 'UTC',
    customerName: 'Ana Silva',
    orderRef: '#100234',
    currency: 'EUR',
    incidentFacts: null,
    lines: [],
    productNames: new Map(),
    data,
  });

describe('voucher value in messages', () => {
  it('tells a percent voucher’s cap in the customer’s language', () => {
    const data = { code: 'ABCD-EFGH-JKMN', percentBp: 2_000, maxAmount: 3_000, currency: 'EUR' };
    assert.equal(source('en', data).voucherValue, '20% (up to €30.00)');
    assert.match(source('es', data).voucherValue ?? '', /^20\s%\s\(hasta 30,00\s€\)$/);
    assert.match(source('pt', data).voucherValue ?? '', /^20% \(até €\s30,00\)$/);
    assert.equal(source('en', { ...data, maxAmount: null }).voucherValue, '20%');
  });
});

describe('remedy options in messages', () => {
  it('names the options in the customer’s language by their kind, the default first-class', () => {
    const facts = source('pt', {
      defaultOptionId: 'reship',
      options: [
        { id: 'reship', kind: 'reship', title: 'Send the right item', isDefault: true },
        { id: 'refund', kind: 'refund', title: 'Refund' },
      ],
    });
    assert.equal(facts.defaultOption, 'Enviamos o artigo certo');
    assert.match(facts.options ?? '', /Enviamos o artigo certo.*Devolvemos o seu dinheiro/);
  });

  it('tells the chosen option in the customer’s language, and falls back to the planner’s words', () => {
    const chosen = source('es', { optionId: 'refund', kind: 'refund', title: 'Refund' });
    assert.equal(chosen.option, 'Le devolvemos el dinero');
    const unknown = source('es', { optionId: 'x', kind: 'something_new', title: 'Something new' });
    assert.equal(unknown.option, 'Something new');
  });
});

describe('what is on its way, in messages', () => {
  const missing = (sku: string) => ({
    id: `iln_${sku}`,
    orderLineId: `oln_${sku}`,
    discrepancy: 'missing',
    expectedSku: sku,
    expectedQty: 1,
    actualSku: null,
    actualQty: 0,
    note: null,
  });
  const facts = (data: Record<string, unknown>) =>
    buildFacts({
      locale: 'en',
      timezone: 'UTC',
      customerName: 'Ana Silva',
      orderRef: '#100234',
      currency: 'EUR',
      incidentFacts: null,
      lines: [missing('LAMP-OAK'), missing('MUG-WHITE')],
      productNames: new Map([
        ['LAMP-OAK', 'Oak lamp'],
        ['MUG-WHITE', 'White mug'],
      ]),
      data,
    });

  it('names only the items the event is about, and where they leave from', () => {
    const sent = facts({ skus: ['LAMP-OAK'], fromLocation: 'Lisbon warehouse' });
    assert.equal(sent.items, 'Oak lamp');
    assert.equal(sent.fromLocation, 'Lisbon warehouse');
    const c = composeMessage({
      locale: 'en',
      event: 'backorder_allocated',
      incidentType: 'missing_item',
      rootCause: null,
      facts: { ...sent, eta: '2 March 2026' },
      link,
    });
    assert.deepEqual(c.doing, ['It should arrive by 2 March 2026.']);
    assert.ok(
      c.happened.includes(
        'Good news: what was missing from your order is back in stock. We are sending Oak lamp from Lisbon warehouse, with priority.',
      ),
      c.happened.join('\n'),
    );
    assert.equal(facts({}).items, 'Oak lamp and White mug', 'every line by default');
  });
});
