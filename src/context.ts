import type { Config } from './config.js';
import type { Db, DialectName } from './db/database.js';
import type { Clock } from './shared/clock.js';

/** What every module's routes and services receive from `buildApp`. */
export interface AppContext {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  config: Config;
}
