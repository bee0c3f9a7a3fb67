import { DAY } from '../../shared/clock.js';

/** Days are UTC calendar days `YYYY-MM-DD`; a period is whole days, both ends included. */
export const granularities = ['day', 'week', 'month'] as const;
export type Granularity = (typeof granularities)[number];

/** [from, to) as ISO timestamps. */
export interface TimeRange {
  from: string;
  to: string;
}

export function dayOf(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

export function startOf(day: string): string {
  return `${day}T00:00:00.000Z`;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(startOf(day)) + n * DAY).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export function daySpan(from: string, to: string): number {
  return Math.round((Date.parse(startOf(to)) - Date.parse(startOf(from))) / DAY) + 1;
}

/** The time range of whole days [first, last]. */
export function rangeOfDays(first: string, last: string): TimeRange {
  return { from: startOf(first), to: startOf(addDays(last, 1)) };
}

/** Groups sorted days into runs of consecutive days, each at most `maxDays` long. */
export function consecutiveRuns(days: readonly string[], maxDays = 31): [string, string][] {
  const sorted = [...new Set(days)].sort();
  const runs: [string, string][] = [];
  for (const day of sorted) {
    const last = runs[runs.length - 1];
    if (last && addDays(last[1], 1) === day && daySpan(last[0], day) <= maxDays) last[1] = day;
    else runs.push([day, day]);
  }
  return runs;
}

/** The bucket a day falls in: the day, the Monday of its ISO week, or `YYYY-MM`. */
export function bucketOf(day: string, granularity: Granularity): string {
  if (granularity === 'day') return day;
  if (granularity === 'month') return day.slice(0, 7);
  const weekday = (new Date(startOf(day)).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(day, -weekday);
}
