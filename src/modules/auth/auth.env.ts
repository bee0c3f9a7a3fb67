import type { Config } from '../../config.js';
import type { Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { PeopleEnv } from './use-cases/people.js';

/** Sign-in settings from the app's config. */
export function authEnvOf(ctx: { db: Executor; clock: Clock; config: Config }): PeopleEnv {
  const { auth, publicUrl } = ctx.config;
  return {
    db: ctx.db,
    clock: ctx.clock,
    sessions: {
      idleMs: auth.sessionIdleMinutes * 60_000,
      maxMs: auth.sessionMaxHours * 3_600_000,
      secureCookie: publicUrl.startsWith('https:'),
    },
    invitationMs: auth.invitationHours * 3_600_000,
  };
}
