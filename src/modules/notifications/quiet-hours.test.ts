import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quietUntil } from './quiet-hours.js';

const night = { start: '21:00', end: '08:00' };

describe('quiet hours', () => {
  it('holds a message sent in the evening until the next morning, local time', () => {
    // 22:15 in Lisbon (UTC+0 in winter) → 08:00 the next day.
    assert.equal(
      quietUntil(new Date('2026-01-10T22:15:30.000Z'), night, 'Europe/Lisbon'),
      '2026-01-11T08:00:00.000Z',
    );
    // 06:00 in Madrid (UTC+1) is 05:00Z → 08:00 local is 07:00Z the same day.
    assert.equal(
      quietUntil(new Date('2026-01-10T05:00:00.000Z'), night, 'Europe/Madrid'),
      '2026-01-10T07:00:00.000Z',
    );
  });

  it('lets a message through outside the quiet hours, at their end, and without them', () => {
    assert.equal(quietUntil(new Date('2026-01-10T12:00:00.000Z'), night, 'Europe/Lisbon'), null);
    assert.equal(quietUntil(new Date('2026-01-10T08:00:00.000Z'), night, 'Europe/Lisbon'), null);
    assert.equal(quietUntil(new Date('2026-01-10T23:00:00.000Z'), null, 'Europe/Lisbon'), null);
  });

  it('handles quiet hours within one day and across a daylight-saving change', () => {
    const lunch = { start: '12:00', end: '14:00' };
    assert.equal(
      quietUntil(new Date('2026-01-10T12:30:00.000Z'), lunch, 'UTC'),
      '2026-01-10T14:00:00.000Z',
    );
    // Lisbon moves to UTC+1 at 01:00Z on 29 March 2026: 08:00 local that day is 07:00Z.
    assert.equal(
      quietUntil(new Date('2026-03-28T23:30:00.000Z'), night, 'Europe/Lisbon'),
      '2026-03-29T07:00:00.000Z',
    );
  });
});
