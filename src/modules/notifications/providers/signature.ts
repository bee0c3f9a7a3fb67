import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header of the generic webhooks: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const SIGNATURE_HEADER = 'x-redress-signature';

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function verifyBody(secret: string, body: string, header: string | undefined): boolean {
  return header !== undefined && same(signBody(secret, body), header);
}

/**
 * Twilio's request signature: base64 HMAC-SHA1 with the auth token of the full URL followed by
 * every POST parameter, sorted by name, as name + value.
 */
export function twilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string>,
): string {
  const data =
    url +
    Object.keys(params)
      .sort()
      .map((k) => `${k}${params[k] ?? ''}`)
      .join('');
  return createHmac('sha1', authToken).update(data).digest('base64');
}

export function verifyTwilio(
  authToken: string,
  url: string,
  params: Record<string, string>,
  header: string | undefined,
): boolean {
  return header !== undefined && same(twilioSignature(authToken, url, params), header);
}
