import type { FastifyInstance } from 'fastify';

/**
 * Drives the service through its own HTTP API in-process (`inject`), so the demo store is built
 * by exactly the validation and rules a real client meets. A refused request stops the load.
 */
export class ApiClient {
  constructor(
    private readonly app: FastifyInstance,
    private readonly key: string,
  ) {}

  async post<T = Record<string, unknown>>(url: string, body?: unknown): Promise<T> {
    return this.send<T>('POST', url, body);
  }

  async get<T = Record<string, unknown>>(url: string): Promise<T> {
    return this.send<T>('GET', url);
  }

  async put<T = Record<string, unknown>>(url: string, body: unknown): Promise<T> {
    return this.send<T>('PUT', url, body);
  }

  private async send<T>(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown): Promise<T> {
    const res = await this.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${this.key}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    if (res.statusCode >= 400) {
      throw new Error(`demo store: ${method} ${url} answered ${res.statusCode}: ${res.body}`);
    }
    return res.json();
  }
}
