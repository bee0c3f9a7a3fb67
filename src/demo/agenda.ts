import type { TestClock } from '../shared/clock.js';

interface Entry {
  at: number;
  seq: number;
  run: () => Promise<void>;
}

/** Events of the simulated weeks, run in time order with the clock moved to each one. */
export class Agenda {
  private entries: Entry[] = [];
  private seq = 0;

  at(when: number, run: () => Promise<void>): void {
    const entry = { at: when, seq: this.seq++, run };
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const e = this.entries[mid] as Entry;
      if (e.at < when || (e.at === when && e.seq < entry.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.entries.splice(lo, 0, entry);
  }

  /** Runs every event up to `end` (later ones are dropped: they have not happened yet). */
  async runUntil(
    end: number,
    clock: TestClock,
    afterEach: () => Promise<unknown>,
  ): Promise<number> {
    let ran = 0;
    for (;;) {
      const next = this.entries[0];
      if (!next || next.at > end) break;
      this.entries.shift();
      if (next.at > clock.now().getTime()) clock.set(new Date(next.at));
      await next.run();
      await afterEach();
      ran++;
    }
    this.entries = [];
    clock.set(new Date(end));
    return ran;
  }
}
