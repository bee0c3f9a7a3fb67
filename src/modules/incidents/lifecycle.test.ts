import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allowedTransitions,
  canTransition,
  finalStates,
  incidentStates,
  isFinal,
  type IncidentState,
} from './lifecycle.js';

// The specification, written out independently of the table in lifecycle.ts.
const allowed = new Set([
  'detected>verified',
  'detected>dismissed',
  'detected>caught',
  'verified>awaiting_customer',
  'verified>resolving',
  'awaiting_customer>resolving',
  'resolving>resolved',
  'resolved>closed',
  'resolved>reopened',
  'reopened>resolving',
]);

describe('incident lifecycle table', () => {
  it('has the nine states of the design', () => {
    assert.deepEqual([...incidentStates].sort(), [
      'awaiting_customer',
      'caught',
      'closed',
      'detected',
      'dismissed',
      'reopened',
      'resolved',
      'resolving',
      'verified',
    ]);
  });

  for (const from of incidentStates) {
    it(`from ${from}, allows exactly the specified transitions among all nine states`, () => {
      for (const to of incidentStates) {
        assert.equal(
          canTransition(from, to),
          allowed.has(`${from}>${to}`),
          `${from} → ${to} should be ${allowed.has(`${from}>${to}`) ? 'allowed' : 'refused'}`,
        );
      }
      const expected = incidentStates.filter((to) => allowed.has(`${from}>${to}`));
      assert.deepEqual([...allowedTransitions(from)].sort(), [...expected].sort());
    });
  }

  it('treats closed, dismissed and caught as final, and nothing else', () => {
    assert.deepEqual([...finalStates].sort(), ['caught', 'closed', 'dismissed']);
    const nonFinal: IncidentState[] = incidentStates.filter((s) => !finalStates.includes(s));
    for (const s of nonFinal) assert.equal(isFinal(s), false, s);
  });

  it('hands out copies of the table, so callers cannot change it', () => {
    const list = allowedTransitions('detected');
    list.push('closed');
    assert.equal(canTransition('detected', 'closed'), false);
  });
});
