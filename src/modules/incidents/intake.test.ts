import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TriageResult } from '../triage/index.js';
import { asksForReturn, intakeDecision, mentionsDefect, summaryFrom } from './intake.js';

function triage(type: TriageResult['type'], scores: Partial<TriageResult['scores']>): TriageResult {
  const all = {
    late_delivery: 0,
    missing_item: 0,
    wrong_item: 0,
    damaged: 0,
    return_request: 0,
    other: 0,
    ...scores,
  };
  return { type, confidence: all[type], needsReview: false, scores: all, language: 'pt' };
}

describe('intake: from triage to an incident type', () => {
  it('makes a return request that names a defect a damaged incident wanting a return', () => {
    const d = intakeDecision(
      triage('return_request', { return_request: 0.45, damaged: 0.3, other: 0.25 }),
      'chegou quebrado',
      0.6,
    );
    assert.deepEqual(d, {
      type: 'damaged',
      confidence: 0.75,
      needsTriage: false,
      customerWants: 'return',
      rule: 'defect_is_damage',
    });
  });

  it('keeps a return request without a defect, and flags it below the threshold', () => {
    const d = intakeDecision(
      triage('return_request', { return_request: 0.5 }),
      'quero devolver',
      0.6,
    );
    assert.equal(d.type, 'return_request');
    assert.equal(d.needsTriage, true);
    assert.equal(d.customerWants, null);
  });

  it('records the wish for a return on a damaged answer only when the text asks for one', () => {
    const asks = intakeDecision(
      triage('damaged', { damaged: 0.9 }),
      'arrived broken, I want a refund',
      0.6,
    );
    assert.deepEqual([asks.type, asks.customerWants, asks.rule], ['damaged', 'return', null]);
    const silent = intakeDecision(triage('damaged', { damaged: 0.9 }), 'arrived broken', 0.6);
    assert.equal(silent.customerWants, null);
  });

  it('leaves every other type as triage answered it, defect words or not', () => {
    const d = intakeDecision(
      triage('wrong_item', { wrong_item: 0.55 }),
      'wrong colour and broken',
      0.6,
    );
    assert.deepEqual([d.type, d.confidence, d.needsTriage], ['wrong_item', 0.55, true]);
  });

  it('finds defects in pt, es and en, but not right after a negator', () => {
    for (const text of [
      'O produto veio com DEFEITO',
      'parou de funcionar em dois dias',
      'La lámpara llegó rota',
      'la pantalla no funciona',
      'The screen is cracked',
      "it doesn't work",
    ]) {
      assert.equal(mentionsDefect(text), true, text);
    }
    for (const text of [
      'sem defeito nenhum, mas não serviu',
      'no damage at all',
      'quebra-cabeça incompleto',
    ]) {
      assert.equal(mentionsDefect(text), false, text);
    }
    assert.equal(asksForReturn('desejo devolução do dinheiro'), true);
    assert.equal(asksForReturn('the box was fine'), false);
  });
});

describe('summary from the text of a report', () => {
  it('takes the first sentence, whitespace collapsed', () => {
    assert.equal(
      summaryFrom('  The mug\n arrived   broken! It was a gift.'),
      'The mug arrived broken!',
    );
    assert.equal(summaryFrom('Order 12.5 is late'), 'Order 12.5 is late');
  });

  it('cuts a long first sentence at a word, within 200 characters, with an ellipsis', () => {
    const s = summaryFrom('word '.repeat(100));
    assert.ok(s.length <= 200, String(s.length));
    assert.match(s, /^word( word)*…$/);
    assert.equal(summaryFrom('x'.repeat(300)).length, 200);
  });
});
