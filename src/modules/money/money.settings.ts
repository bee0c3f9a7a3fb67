import type { Config } from '../../config.js';
import type { Party } from './money.js';

/**
 * The settings money's service functions read, from the app's config: routes, jobs and the
 * other modules that call in (remedy steps) pass `moneySettings(ctx.config)`.
 */
export interface MoneySettings {
  /** Refunds of an incident up to this total (minor units) are approved at once. */
  autoApproveLimit: number;
  /** The seller printed on credit notes. */
  seller: Party;
}

export function moneySettings(config: Config): MoneySettings {
  return { autoApproveLimit: config.money.autoApproveLimit, seller: { ...config.money.seller } };
}
