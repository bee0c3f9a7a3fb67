import type { Executor } from '../../../db/database.js';
import { inTransaction } from '../../../db/transaction.js';
import { AppError } from '../../../shared/app-error.js';
import { newId } from '../../../shared/ids.js';
import { defaultParty, loadIncident, noteOn } from '../incident-links.js';
import { formatMoney, type MoneyRef, type StoreCreditEntry } from '../money.js';
import {
  accountIdOfEntry,
  changeBalance,
  findEntry,
  insertEntry,
  listEntries,
  lockAccountById,
  takeFromLot,
} from '../store-credit.repository.js';
import { addIncidentCost } from './ledger.js';
import { storeCreditNotFound } from './store-credit.js';

/** Store credit taken back: what is left of a credit, by its undo or at its expiry. */

/**
 * Takes back what is left of a credit (its undo). The spent part stays spent. Reversing again
 * returns the first reversal.
 */
export function reverseStoreCredit(
  db: Executor,
  entryId: string,
  reason: string,
  ref: MoneyRef,
): Promise<StoreCreditEntry> {
  return inTransaction(db, async (trx) => {
    const accountId = await accountIdOfEntry(trx, entryId);
    if (!accountId) throw storeCreditNotFound(entryId);
    await lockAccountById(trx, accountId);
    const credit = await findEntry(trx, entryId);
    if (!credit || credit.kind !== 'credit') {
      throw new AppError('invalid_state', `Entry ${entryId} is not a credit`, {
        kind: credit?.kind,
      });
    }
    const earlier = (await listEntries(trx, accountId)).find(
      (e) => e.kind === 'reversal' && e.refId === entryId,
    );
    if (earlier) return earlier;
    if (credit.remaining === 0) {
      throw new AppError('insufficient_store_credit', 'Nothing of this credit is left to reverse', {
        available: 0,
      });
    }
    const reversal = await takeBack(trx, accountId, credit, 'reversal', reason, ref);
    if (credit.incidentId && credit.refType !== 'refund') {
      const incident = await loadIncident(trx, credit.incidentId, ref.now);
      await addIncidentCost(
        trx,
        {
          incidentId: credit.incidentId,
          kind: 'store_credit',
          amount: reversal.amount,
          currency: credit.currency,
          party: await defaultParty(trx, incident),
          refType: 'store_credit_reversal',
          refId: reversal.id,
          note: reason,
        },
        ref,
      );
    }
    await noteOn(
      trx,
      credit.incidentId,
      {
        message: `Store credit of ${formatMoney(-reversal.amount, credit.currency)} reversed: ${reason}`,
        visibility: 'internal',
      },
      ref,
    );
    return reversal;
  });
}

async function takeBack(
  trx: Executor,
  accountId: string,
  credit: StoreCreditEntry,
  kind: 'reversal' | 'expiry',
  reason: string,
  ref: MoneyRef,
): Promise<StoreCreditEntry> {
  const amount = credit.remaining;
  if (!(await takeFromLot(trx, credit.id, amount))) throw new Error(`lot ${credit.id} changed`);
  if (!(await changeBalance(trx, accountId, -amount, ref.now))) {
    throw new Error(`account ${accountId} balance below its lots`);
  }
  return insertEntry(trx, {
    id: newId('scr'),
    account_id: accountId,
    customer_id: credit.customerId,
    currency: credit.currency,
    kind,
    amount: -amount,
    remaining: 0,
    expires_at: null,
    reason,
    incident_id: credit.incidentId,
    ref_type: 'store_credit',
    ref_id: credit.id,
    at: ref.now,
    actor: ref.actor,
  });
}

/** The expiry job: what is left of an expired credit leaves the balance. Runs twice safely. */
export function sweepExpiredCredit(db: Executor, entryId: string, now: string): Promise<void> {
  return inTransaction(db, async (trx) => {
    const accountId = await accountIdOfEntry(trx, entryId);
    if (!accountId) return;
    await lockAccountById(trx, accountId);
    const credit = await findEntry(trx, entryId);
    if (!credit?.expiresAt || credit.expiresAt > now || credit.remaining === 0) return;
    await takeBack(trx, accountId, credit, 'expiry', 'expired', { now, actor: 'system' });
  });
}
