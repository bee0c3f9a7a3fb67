import { loadConfig, type Config } from '../../config.js';
import type { Party } from './money.js';

/**
 * The settings money's service functions read. Routes and jobs pass `moneySettings(ctx.config)`;
 * another module calling in without them gets `processMoneySettings()`: the same environment
 * the app's config was loaded from.
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

let fromEnvironment: MoneySettings | undefined;

/**
 * The settings of this process's environment, read once on first use. A caller from another
 * module (a remedy step) has no AppContext at hand; in a running service this is what
 * `loadConfig` gave the app, so its credit notes name the same seller.
 */
export function processMoneySettings(): MoneySettings {
  fromEnvironment ??= moneySettings(loadConfig(process.env));
  return fromEnvironment;
}
