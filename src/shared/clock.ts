/** One injectable clock: the service reads time only through it, so tests can move days in seconds. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class TestClock implements Clock {
  private current: number;

  constructor(start: Date = new Date()) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date): void {
    this.current = at.getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

export function iso(d: Date): string {
  return d.toISOString();
}

export function addMs(isoTime: string, ms: number): string {
  return new Date(Date.parse(isoTime) + ms).toISOString();
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Parses an ISO-8601 duration such as `PT26H`, `P2D`, `P1DT30M`; returns milliseconds or null. */
export function parseDuration(text: string): number | null {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const [, d, h, min, s] = m;
  return (
    Number(d ?? 0) * DAY + Number(h ?? 0) * HOUR + Number(min ?? 0) * 60_000 + Number(s ?? 0) * 1000
  );
}
