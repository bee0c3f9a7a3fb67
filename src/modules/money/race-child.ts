/**
 * One contender in money's multi-process races (not a test itself).
 * Usage: node --import tsx race-child.ts <sqlite file | postgres url> <action> <json args>
 * Opens its own connection, prints `ready`, waits for a line on stdin, runs the action, and
 * prints the outcome as one JSON line. Actions: refund, credit-notes (args.count issues), redeem,
 * voucher (an agent's, within args.limit per incident).
 */
import { once } from 'node:events';
import { sql } from 'kysely';
import { loadConfig } from '../../config.js';
import { openPostgres, openSqlite } from '../../db/connect.js';
import { AppError } from '../../shared/app-error.js';
import { moneySettings } from './money.settings.js';
import { issueCreditNote } from './use-cases/credit-notes.js';
import { requestRefund } from './use-cases/request-refund.js';
import { redeemVoucher } from './use-cases/redeem-voucher.js';
import { issueVoucher } from './use-cases/vouchers.js';

const [location, action = '', json] = process.argv.slice(2);
if (!location || !action || !json)
  throw new Error('usage: race-child.ts <database> <action> <json>');
const args = JSON.parse(json) as Record<string, string | number>;
const handle = location.startsWith('postgres') ? openPostgres(location, 1) : openSqlite(location);
await sql`select 1`.execute(handle.db);
const settings = moneySettings(loadConfig(process.env));
process.stdout.write('ready\n');
await once(process.stdin, 'data');

const ref = () => ({ now: String(args.now), actor: `race:${process.pid}` });
async function run(): Promise<unknown> {
  switch (action) {
    case 'refund':
      return (
        await requestRefund(
          handle.db,
          {
            orderId: String(args.orderId),
            amount: Number(args.amount),
            currency: 'EUR',
            reason: 'race',
          },
          ref(),
          settings,
        )
      ).id;
    case 'credit-notes': {
      const numbers: string[] = [];
      for (let i = 0; i < Number(args.count); i++) {
        const note = await issueCreditNote(
          handle.db,
          {
            customerId: String(args.customerId),
            currency: 'EUR',
            series: String(args.series),
            reason: 'race',
            lines: [{ description: 'shortage', qty: 1, unitAmount: 100, taxRateBp: 2100 }],
          },
          ref(),
          settings,
        );
        numbers.push(note.number);
      }
      return numbers;
    }
    case 'redeem':
      return (
        await redeemVoucher(
          handle.db,
          {
            code: String(args.code),
            orderRef: `ORD-${process.pid}`,
            orderAmount: 5_000,
            currency: 'EUR',
            idempotencyKey: `race-${process.pid}`,
          },
          ref(),
        )
      ).redemption.id;
    case 'voucher':
      return (
        await issueVoucher(
          handle.db,
          {
            customerId: String(args.customerId),
            incidentId: String(args.incidentId),
            kind: 'fixed',
            amount: Number(args.amount),
            currency: 'EUR',
            reason: 'race',
          },
          ref(),
          { limit: Number(args.limit) },
        )
      ).id;
    default:
      throw new Error(`unknown action ${action}`);
  }
}

let outcome: { ok: true; result: unknown } | { ok: false; code: string; details?: unknown };
try {
  outcome = { ok: true, result: await run() };
} catch (err) {
  outcome =
    err instanceof AppError
      ? { ok: false, code: err.code, details: err.details }
      : { ok: false, code: String(err) };
}
process.stdout.write(`${JSON.stringify(outcome)}\n`);
await handle.close();
process.stdin.destroy();
