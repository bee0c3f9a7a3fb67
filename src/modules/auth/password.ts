import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords are hashed with scrypt, memory-hard and built into Node (no native add-on to build;
 * Node 20 has no argon2). Parameters: N=2^15, r=8, p=3 — one of OWASP's equal-strength scrypt
 * settings, 32 MiB per hash, so guessing in parallel on a GPU is costly. The stored form names
 * its parameters, `scrypt$N$r$p$salt$hash`, so stronger settings (or argon2id, once Node ≥ 24.7
 * is the floor) apply to new hashes without breaking old ones.
 */
const params = { N: 2 ** 15, r: 8, p: 3 };
const keyLength = 32;

export const passwordRules = { min: 12, max: 200 } as const;

function derive(password: string, salt: Buffer, o: typeof params): Promise<Buffer> {
  const options: ScryptOptions = { ...o, maxmem: 128 * o.N * o.r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  const { N, r, p } = params;
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let decoy: Promise<string> | undefined;

/**
 * Spends the same time as checking a real password, for an email nobody has: the answer and its
 * timing must not tell which emails have accounts.
 */
export async function verifyDecoy(password: string): Promise<false> {
  decoy ??= hashPassword(randomBytes(18).toString('base64url'));
  await verifyPassword(password, await decoy);
  return false;
}

/** A random password a person can type once (the first admin's, printed on first start). */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}
