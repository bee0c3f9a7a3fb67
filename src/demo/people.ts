import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { authEnvOf, createUserWithPassword, type UserRole } from '../modules/auth/index.js';
import type { Clock } from '../shared/clock.js';

/**
 * The demo store's people: one per role, each with a published password (`demo-<role>-pass`),
 * marked as demo accounts so that the service says it is a demo while they can sign in.
 */
export interface DemoPerson {
  role: UserRole;
  name: string;
  email: string;
  password: string;
  store: string | null;
}

const cast: { role: UserRole; name: string; store?: string }[] = [
  { role: 'admin', name: 'Ana Costa' },
  { role: 'agent', name: 'Lucía Fernández' },
  { role: 'packer', name: 'Tomás Silva' },
  { role: 'finance', name: 'Margaret Okafor' },
  { role: 'viewer', name: 'Daniel Weiss' },
  { role: 'store', name: 'Sofia Marques', store: 'S1' },
];

export const demoPassword = (role: UserRole) => `demo-${role}-pass`;

export async function seedDemoPeople(
  ctx: { db: Db; clock: Clock; config: Config },
  locationId: ReadonlyMap<string, string>,
): Promise<DemoPerson[]> {
  const env = authEnvOf(ctx);
  const people: DemoPerson[] = [];
  for (const c of cast) {
    const person = {
      role: c.role,
      name: c.name,
      email: `${c.role}@demo.redress.localhost`,
      password: demoPassword(c.role),
      store: c.store ?? null,
    };
    const made = await createUserWithPassword(env, {
      ...person,
      locationId: c.store ? (locationId.get(c.store) ?? null) : null,
      demo: true,
    });
    if (made) people.push(person);
  }
  return people;
}
