import type { QuietHours } from './notifications.js';

/** Minutes since local midnight of `at` in `timeZone`. */
function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * When `now` falls inside the quiet hours (local time in `timeZone`, possibly across midnight),
 * the ISO time they end; otherwise null.
 */
export function quietUntil(now: Date, quiet: QuietHours | null, timeZone: string): string | null {
  if (!quiet) return null;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const m = localMinutes(now, timeZone);
  const inside = start < end ? m >= start && m < end : m >= start || m < end;
  if (!inside) return null;
  const wait = (end - m + 1440) % 1440;
  const base = new Date(now.getTime() - now.getUTCSeconds() * 1000 - now.getUTCMilliseconds());
  let at = new Date(base.getTime() + wait * 60_000);
  // Across a daylight-saving change the local clock jumps: correct by the difference once.
  const drift = minutesOf(quiet.end) - localMinutes(at, timeZone);
  if (drift !== 0 && Math.abs(drift) <= 120) at = new Date(at.getTime() + drift * 60_000);
  return at.toISOString();
}
