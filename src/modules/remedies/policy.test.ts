import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/app-error.js';
import { defaultPolicyText, parsePolicy } from './policy.js';

function issuesOf(text: string): { line: number | null; path: string; message: string }[] {
  try {
    parsePolicy(text);
  } catch (err) {
    assert.ok(err instanceof AppError);
    assert.equal(err.code, 'policy_invalid');
    return err.details?.issues as { line: number | null; path: string; message: string }[];
  }
  assert.fail('the policy was accepted');
}

describe('remedy policy document', () => {
  it('ships a default that encodes the documented numbers', () => {
    const p = parsePolicy(defaultPolicyText);
    const s = p.settings;
    assert.deepEqual(
      [s.compensation.shareBp, s.compensation.min, s.compensation.max],
      [1000, 500, 5000],
    );
    assert.equal(s.compensation.repeat.multiplierBp, 15000);
    assert.equal(s.compensation.repeat.windowDays, 90);
    assert.deepEqual([s.lateVoucher.perDayBp, s.lateVoucher.maxBp], [500, 2000]);
    assert.equal(s.creditBonusBp, 1000);
    assert.equal(s.pickupCost, 700);
    assert.equal(s.keepItemWhenPickupCostShareBp, 5000);
    assert.equal(s.autoApproveLimit, 5000);
    assert.equal(s.choiceDeadlineHours, 24);
    assert.equal(s.reservationHours, 72);
    assert.equal(s.storeSubstituteDiscountBp, 1500);
    assert.equal(s.restockDiscountBp, 1000);
    assert.equal(p.rules.at(-1)?.id, 'fallback');
  });

  it('names the line and the field path of a value out of range', () => {
    const text = defaultPolicyText.replace(
      'compensation: { appliesTo: [reship] }',
      'compensation: { appliesTo: [reship], shareBp: 12000 }',
    );
    const line = text.split('\n').findIndex((l) => l.includes('shareBp: 12000')) + 1;
    const issues = issuesOf(text);
    assert.deepEqual(issues, [
      { line, path: 'rules.1.compensation.shareBp', message: 'must be ≤ 10000' },
    ]);
    assert.throws(
      () => parsePolicy(text),
      /line \d+: rules\.1\.compensation\.shareBp: must be ≤ 10000/,
    );
  });

  it('reports YAML syntax errors with their line', () => {
    const issues = issuesOf('settings:\n  a: [1, 2\nrules: []\n');
    assert.ok(issues.length > 0);
    assert.ok(issues.every((i) => typeof i.line === 'number'));
  });

  it('refuses unknown fields, unknown options and a default that is not an option', () => {
    const text = defaultPolicyText
      .replace('options: [refund, store_credit]', 'options: [refund, teleport]')
      .replace('description: Late delivery', 'defualt: refund\n    description: Late delivery');
    const paths = issuesOf(text).map((i) => i.path);
    assert.ok(
      paths.some((p) => /^rules\.\d+\.options\.1$/.test(p)),
      paths.join(),
    );
    assert.ok(
      paths.some((p) => /^rules\.\d+$/.test(p)),
      paths.join(),
    );
  });

  it('accepts JSON, which is YAML', () => {
    const p = parsePolicy(JSON.stringify(parsePolicy(defaultPolicyText)));
    assert.equal(p.rules.length, parsePolicy(defaultPolicyText).rules.length);
  });
});
