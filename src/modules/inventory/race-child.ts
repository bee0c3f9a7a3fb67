/**
 * One contender in the multi-process race of stock.race.test.ts (not a test itself).
 * Usage: node --import tsx race-child.ts <sqlite file | postgres url> <productId> <locationId>
 * Opens its own connection, prints `ready`, waits for a line on stdin, then tries to reserve
 * one unit in its own transaction and prints the outcome as one JSON line.
 */
import { once } from 'node:events';
import { sql } from 'kysely';
import { openPostgres, openSqlite } from '../../db/connect.js';
import { AppError } from '../../shared/app-error.js';
import { reserveStock } from './stock.service.js';

const [location, productId, locationId] = process.argv.slice(2);
if (!location || !productId || !locationId) {
  throw new Error('usage: race-child.ts <database> <productId> <locationId>');
}
const handle = location.startsWith('postgres') ? openPostgres(location, 1) : openSqlite(location);
await sql`select 1`.execute(handle.db);
process.stdout.write('ready\n');
await once(process.stdin, 'data');

let outcome: { ok: true } | { ok: false; code: string };
try {
  await handle.db
    .transaction()
    .execute((trx) =>
      reserveStock(
        trx,
        { productId, locationId, qty: 1 },
        { actor: `race:${process.pid}`, now: new Date().toISOString() },
      ),
    );
  outcome = { ok: true };
} catch (err) {
  outcome = { ok: false, code: err instanceof AppError ? err.code : String(err) };
}
process.stdout.write(`${JSON.stringify(outcome)}\n`);
await handle.close();
process.stdin.destroy();
