import { ProviderError, transientStatus } from './provider.js';

/** One provider HTTP call: a network failure or a 5xx/429 is retried, any other error is final. */
export async function providerFetch(
  provider: string,
  url: string,
  init: { headers: Record<string, string>; body: string },
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new ProviderError(`${provider}: ${(err as Error).message}`, provider, false);
  }
  const text = await res.text();
  if (!res.ok) {
    const permanent = !transientStatus(res.status);
    throw new ProviderError(
      `${provider}: HTTP ${res.status} ${text.slice(0, 300)}`,
      provider,
      permanent,
    );
  }
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}
