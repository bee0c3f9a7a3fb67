import type { Config } from './config.js';
import type { Db, DialectName } from './db/database.js';
import type { OnStockReceived } from './modules/inventory/index.js';
import type { Clock } from './shared/clock.js';

/** What every module's routes and services receive from `buildApp`. */
export interface AppContext {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  config: Config;
  hooks: AppHooks;
}

/**
 * What one module tells others inside its own transaction, so that their reaction commits with
 * the change or not at all. `buildApp` wires each to the module that reacts; the module that
 * tells does not import it.
 */
export interface AppHooks {
  /** A purchase order receipt booked stock (remedies: waiting backorders take it first). */
  stockReceived: OnStockReceived;
}
