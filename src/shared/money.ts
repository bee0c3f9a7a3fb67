import { z } from 'zod';

/** Money is integer minor units plus an ISO-4217 currency; never a float. */
export interface Money {
  amount: number;
  currency: string;
}

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO-4217 code such as EUR');

export const minorUnitsSchema = z
  .number()
  .int('must be an integer amount in minor units (cents)')
  .min(0)
  .max(Number.MAX_SAFE_INTEGER);

export const moneySchema = z.object({ amount: minorUnitsSchema, currency: currencySchema });

/** A share of an amount in basis points, rounded half up to a whole minor unit. */
export function shareOf(amount: number, basisPoints: number): number {
  return Math.round((amount * basisPoints) / 10_000);
}
