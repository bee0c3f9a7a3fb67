import { randomInt } from 'node:crypto';

/**
 * Voucher codes: 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), drawn with
 * a cryptographic generator (uniform: `randomInt` rejects biased draws), shown in groups of
 * four. 31^12 ≈ 7.9 × 10^17 codes: guessing one that exists is hopeless.
 */
export const codeAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const length = 12;

export function newVoucherCode(): string {
  let raw = '';
  for (let i = 0; i < length; i++) raw += codeAlphabet[randomInt(codeAlphabet.length)];
  return group(raw);
}

function group(raw: string): string {
  return raw.match(/.{1,4}/g)?.join('-') ?? raw;
}

/**
 * The stored form of a code as a person may type it: case, spaces and dashes do not matter.
 * Null when it cannot be a code.
 */
export function normalizeVoucherCode(input: string): string | null {
  const raw = input.toUpperCase().replace(/[\s-]/g, '');
  if (raw.length !== length) return null;
  for (const ch of raw) if (!codeAlphabet.includes(ch)) return null;
  return group(raw);
}
