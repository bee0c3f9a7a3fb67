import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { Executor } from '../../db/database.js';
import { findChangeMarks } from './status-page.repository.js';

/**
 * Live updates for open status pages, across instances without new infrastructure: one poller
 * per process reads, for every incident some page watches, a change mark (newest timeline entry
 * and last update) every `pollMs` — one indexed query whatever the number of pages — and a
 * deeper fingerprint (plan, refunds) every `deepMs`. Whichever instance wrote the change, every
 * instance sees it in the database. Watchers of a changed incident get one event.
 */
export interface LiveOptions {
  db: Executor;
  log: FastifyBaseLogger;
  /** Fingerprints of what the marks do not cover (plans and refunds live in other tables). */
  fingerprint: (incidentId: string) => Promise<string>;
  pollMs?: number;
  deepMs?: number;
  heartbeatMs?: number;
}

interface Watcher {
  incidentIds: string[];
  onChange: (incidentId: string) => void;
}

const CHUNK = 500;

export class LiveHub {
  private readonly watchers = new Set<Watcher>();
  private readonly streams = new Set<ServerResponse>();
  private readonly marks = new Map<string, string>();
  private readonly prints = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private lastDeep = 0;
  private stopped = false;
  private readonly pollMs: number;
  private readonly deepMs: number;
  private readonly heartbeatMs: number;

  constructor(private readonly opts: LiveOptions) {
    this.pollMs = opts.pollMs ?? 500;
    this.deepMs = opts.deepMs ?? 5_000;
    this.heartbeatMs = opts.heartbeatMs ?? 15_000;
  }

  /** Calls `onChange` when one of the incidents changes; returns the unsubscribe function. */
  watch(incidentIds: string[], onChange: (incidentId: string) => void): () => void {
    const watcher: Watcher = { incidentIds, onChange };
    this.watchers.add(watcher);
    this.schedule();
    return () => {
      this.watchers.delete(watcher);
      const watched = this.watchedIds();
      for (const id of [...this.marks.keys()]) {
        if (!watched.has(id)) {
          this.marks.delete(id);
          this.prints.delete(id);
        }
      }
    };
  }

  /**
   * Serves an open server-sent-events response: `update` events for the incidents, a comment
   * every `heartbeatMs` so proxies keep the connection, and clean-up when the client leaves.
   */
  async stream(res: ServerResponse, incidentIds: string[]): Promise<void> {
    const unwatch = this.watch(incidentIds, (incidentId) => {
      res.write(`event: update\ndata: ${JSON.stringify({ incidentId })}\n\n`);
    });
    // Marks are read before `ready`: a change after it is an event, one before it is in the
    // page the client fetches again on `ready`.
    try {
      await this.prime(incidentIds);
    } catch (err) {
      unwatch();
      throw err;
    }
    if (this.stopped || res.destroyed) {
      unwatch();
      if (!res.destroyed) res.writeHead(503).end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'referrer-policy': 'no-referrer',
      'x-robots-tag': 'noindex',
    });
    res.write(`retry: 3000\n\nevent: ready\ndata: ${JSON.stringify({ incidentIds })}\n\n`);
    this.streams.add(res);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), this.heartbeatMs);
    heartbeat.unref();
    res.once('close', () => {
      clearInterval(heartbeat);
      unwatch();
      this.streams.delete(res);
    });
  }

  /** Open streams and watchers, for tests and diagnostics. */
  get size(): { streams: number; watchers: number } {
    return { streams: this.streams.size, watchers: this.watchers.size };
  }

  /** Ends every stream and the poller (app close): clients reconnect to another instance. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const res of this.streams) res.end();
    this.streams.clear();
    this.watchers.clear();
  }

  private watchedIds(): Set<string> {
    const ids = new Set<string>();
    for (const w of this.watchers) for (const id of w.incidentIds) ids.add(id);
    return ids;
  }

  private schedule(): void {
    if (this.timer || this.stopped || this.watchers.size === 0) return;
    this.timer = setTimeout(() => {
      this.tick().then(
        () => {
          this.timer = undefined;
          this.schedule();
        },
        (err: unknown) => {
          this.opts.log.error({ err }, 'status page live poll failed');
          this.timer = undefined;
          this.schedule();
        },
      );
    }, this.pollMs);
    this.timer.unref();
  }

  /** One poll: compares marks (and, every `deepMs`, fingerprints) with the previous poll. */
  async tick(): Promise<void> {
    const ids = [...this.watchedIds()];
    const changed = new Set<string>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const marks = await findChangeMarks(this.opts.db, ids.slice(i, i + CHUNK));
      for (const [id, mark] of marks) {
        if (this.remember(this.marks, id, mark)) changed.add(id);
      }
    }
    const now = performance.now();
    if (now - this.lastDeep >= this.deepMs) {
      this.lastDeep = now;
      for (const id of ids) {
        if (this.remember(this.prints, id, await this.opts.fingerprint(id))) changed.add(id);
      }
    }
    if (changed.size === 0 || this.stopped) return;
    for (const w of [...this.watchers]) {
      for (const id of w.incidentIds) if (changed.has(id)) w.onChange(id);
    }
  }

  private async prime(incidentIds: string[]): Promise<void> {
    const fresh = incidentIds.filter((id) => !this.marks.has(id));
    if (fresh.length === 0) return;
    const marks = await findChangeMarks(this.opts.db, fresh);
    for (const [id, mark] of marks) this.marks.set(id, mark);
    for (const id of fresh) this.prints.set(id, await this.opts.fingerprint(id));
  }

  /** Stores the value; true when it differs from a value seen before (not on the first sight). */
  private remember(map: Map<string, string>, id: string, value: string): boolean {
    const before = map.get(id);
    map.set(id, value);
    return before !== undefined && before !== value;
  }
}
