import type { FastifyInstance } from 'fastify';
import { AppError } from '../shared/app-error.js';

/**
 * Whether the service is still loading (the demo store, on a first start). It listens from the
 * first second: meanwhile `/health` says so with the progress, and the API answers 503 with
 * Retry-After, so nothing reads or writes half-loaded data.
 */
export class Startup {
  loading = false;
  /** 0 … 1 while loading. */
  progress = 0;

  begin(): void {
    this.loading = true;
    this.progress = 0;
  }

  report(done: number): void {
    this.progress = Math.min(1, Math.max(0, done));
  }

  finish(): void {
    this.loading = false;
    this.progress = 1;
  }
}

export function gateWhileLoading(app: FastifyInstance, startup: Startup): void {
  app.addHook('onRequest', async (request) => {
    if (!startup.loading || request.is404) return;
    // The matched route's pattern: docs, health and the pages stay up.
    if (!request.routeOptions.url?.startsWith('/api/')) return;
    const percent = Math.floor(startup.progress * 100);
    throw new AppError(
      'service_loading',
      `The demo store is loading (${percent}%): try again shortly`,
      {
        retryAfterSeconds: 5,
        progress: startup.progress,
      },
    );
  });
}
