import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Executor } from '../../db/database.js';
import { claimSetting } from './status-page.repository.js';

/**
 * Status-page links: `<publicUrl>/track/<token>`. The token is one base64url string of bytes:
 * a version, the incident id, the customer id, the expiry (unix seconds, uint32) and a 128-bit
 * HMAC-SHA256 of everything before it. Ids of the form `<prefix>_<ulid>` take 17–20 bytes, so
 * a link stays short (about 80 characters: under Fastify's 100-character path parameter).
 * Nothing is stored per link: any instance that knows the secret checks one.
 */
export interface TokenClaims {
  incidentId: string;
  customerId: string;
  /** ISO time after which the link no longer opens. */
  expiresAt: string;
}

const VERSION = 1;
const MAC_BYTES = 16;
const SECRET_SETTING = 'token_secret';
const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
const ulidId = /^([a-z]{1,15})_([0-7][0-9a-hjkmnp-tv-z]{25})$/;
const ULID_FLAG = 0x80;

/** `<prefix>_<ulid>` as [0x80 | prefix length, prefix, 16 bytes]; any other id as [length, utf8]. */
function packId(id: string): Buffer {
  const m = ulidId.exec(id);
  if (m?.[1] && m[2]) {
    let n = 0n;
    for (const c of m[2]) n = n * 32n + BigInt(CROCKFORD.indexOf(c));
    const bytes = Buffer.from(n.toString(16).padStart(32, '0'), 'hex');
    return Buffer.concat([Buffer.from([ULID_FLAG | m[1].length]), Buffer.from(m[1]), bytes]);
  }
  const raw = Buffer.from(id, 'utf8');
  if (raw.length === 0 || raw.length >= ULID_FLAG) throw new Error(`Cannot put id ${id} in a link`);
  return Buffer.concat([Buffer.from([raw.length]), raw]);
}

function unpackId(buf: Buffer, at: number): { id: string; next: number } | undefined {
  const head = buf[at];
  if (head === undefined) return undefined;
  if ((head & ULID_FLAG) === 0) {
    const end = at + 1 + head;
    return end <= buf.length ? { id: buf.toString('utf8', at + 1, end), next: end } : undefined;
  }
  const prefixEnd = at + 1 + (head & ~ULID_FLAG);
  if (prefixEnd + 16 > buf.length) return undefined;
  let n = BigInt(`0x${buf.toString('hex', prefixEnd, prefixEnd + 16)}`);
  let ulid = '';
  for (let i = 0; i < 26; i++) {
    ulid = CROCKFORD.charAt(Number(n % 32n)) + ulid;
    n /= 32n;
  }
  return { id: `${buf.toString('latin1', at + 1, prefixEnd)}_${ulid}`, next: prefixEnd + 16 };
}

const loadedSecrets = new WeakMap<Config, Buffer>();

/**
 * Makes the signing key available to `trackingLink` and `verifyToken` for this config: the
 * configured REDRESS_TOKEN_SECRET, or else a random secret created once in the database (the
 * first instance to start writes it; every other instance and restart reads the same row).
 */
export async function loadTokenSecret(db: Executor, config: Config, now: string): Promise<void> {
  if (loadedSecrets.has(config)) return;
  const secret =
    config.tokenSecret ??
    (await claimSetting(db, SECRET_SETTING, randomBytes(32).toString('base64url'), now));
  // A key per purpose, so the same secret could sign other things without confusion.
  const key = createHmac('sha256', secret).update('redress status-page link').digest();
  loadedSecrets.set(config, key);
}

function keyOf(config: Config): Buffer {
  const key = loadedSecrets.get(config);
  if (!key) throw new Error('The status-page token secret is not loaded (loadTokenSecret)');
  return key;
}

function mac(key: Buffer, body: Buffer): Buffer {
  return createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);
}

export function signToken(config: Config, claims: TokenClaims): string {
  const expiry = Math.floor(Date.parse(claims.expiresAt) / 1000);
  if (!Number.isFinite(expiry) || expiry < 0 || expiry > 0xffffffff) {
    throw new Error(`Invalid link expiry ${claims.expiresAt}`);
  }
  const exp = Buffer.alloc(4);
  exp.writeUInt32BE(expiry);
  const body = Buffer.concat([
    Buffer.from([VERSION]),
    packId(claims.incidentId),
    packId(claims.customerId),
    exp,
  ]);
  return Buffer.concat([body, mac(keyOf(config), body)]).toString('base64url');
}

/**
 * The claims of a token whose MAC is right and that has not expired at `now`; undefined for
 * anything else, without saying why (the caller shows one "not found" for every case).
 */
export function verifyToken(config: Config, token: string, now: Date): TokenClaims | undefined {
  if (token.length < 24 || token.length > 400 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const raw = Buffer.from(token, 'base64url');
  const body = raw.subarray(0, raw.length - MAC_BYTES);
  const given = raw.subarray(raw.length - MAC_BYTES);
  if (!timingSafeEqual(given, mac(keyOf(config), body)) || body[0] !== VERSION) return undefined;
  const incident = unpackId(body, 1);
  const customer = incident && unpackId(body, incident.next);
  if (!incident || !customer || customer.next + 4 !== body.length) return undefined;
  const expiresAtMs = body.readUInt32BE(customer.next) * 1000;
  if (expiresAtMs <= now.getTime()) return undefined;
  return {
    incidentId: incident.id,
    customerId: customer.id,
    expiresAt: new Date(expiresAtMs).toISOString(),
  };
}

/** The absolute status-page address for one customer's incident, valid until `expiresAt`. */
export function trackingLink(
  config: Config,
  claims: { incidentId: string; customerId: string; expiresAt: string },
): string {
  return `${config.publicUrl.replace(/\/+$/, '')}/track/${signToken(config, claims)}`;
}
