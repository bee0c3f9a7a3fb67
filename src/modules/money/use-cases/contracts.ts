import type { Executor } from '../../../db/database.js';
import { inTransaction } from '../../../db/transaction.js';
import { AppError, notFound } from '../../../shared/app-error.js';
import { newId } from '../../../shared/ids.js';
import { shareOf } from '../../../shared/money.js';
import { findCustomerById } from '../../catalog/index.js';
import { loadIncident, noteOn } from '../incident-links.js';
import { findPenaltyByIncident, insertPenaltyIfNew, listPenalties } from '../ledger.repository.js';
import { formatMoney, type ContractPenalty, type CostParty, type MoneyRef } from '../money.js';
import { fieldError } from '../money.errors.js';
import { addIncidentCost } from './ledger.js';

export interface ContractOutcomeInput {
  incidentId: string;
  orderId: string;
  customerId: string;
  /** Value of what was short (minor units). */
  shortfallAmount: number;
  currency: string;
  /** The contract's catch-up deadline for the shortfall. */
  dueBy: string;
  /** When the shortfall was delivered; null: not delivered. */
  metAt: string | null;
  /** Who bears an incurred penalty (default warehouse). */
  party?: CostParty;
}

/**
 * A B2B shortfall measured against the customer's contract: `avoided` when it was delivered by
 * `dueBy`, `incurred` otherwise — then the penalty (shortfall × bp + the fixed amount per breach)
 * is a cost of the incident. Recorded once per incident: a later call returns the first outcome.
 * Null when the customer has no contract. An undelivered shortfall before `dueBy` has no outcome
 * yet (409).
 */
export function recordContractOutcome(
  db: Executor,
  input: ContractOutcomeInput,
  ref: MoneyRef,
): Promise<ContractPenalty | null> {
  return inTransaction(db, async (trx) => {
    const customer = await findCustomerById(trx, input.customerId);
    if (!customer) throw notFound('customer_not_found', 'Customer', input.customerId);
    if (!customer.contract) return null;
    const incident = await loadIncident(trx, input.incidentId, ref.now);
    if (incident.orderId && incident.orderId !== input.orderId) {
      throw fieldError('orderId', 'is not the order of the incident');
    }
    const earlier = await findPenaltyByIncident(trx, input.incidentId);
    if (earlier) return earlier;
    if (input.metAt === null && ref.now < input.dueBy) {
      throw new AppError('invalid_state', `The shortfall may still ship until ${input.dueBy}`, {
        dueBy: input.dueBy,
      });
    }
    const { penaltyBpOfShortfall: bp, penaltyFixedPerBreach: fixed } = customer.contract;
    const amount = shareOf(input.shortfallAmount, bp) + fixed;
    const outcome = input.metAt !== null && input.metAt <= input.dueBy ? 'avoided' : 'incurred';
    const party = input.party ?? 'warehouse';
    const id = newId('pen');
    await insertPenaltyIfNew(trx, {
      id,
      incident_id: input.incidentId,
      order_id: input.orderId,
      customer_id: input.customerId,
      outcome,
      shortfall_amount: input.shortfallAmount,
      currency: input.currency,
      penalty_bp: bp,
      penalty_fixed: fixed,
      amount,
      due_by: input.dueBy,
      met_at: input.metAt,
      party,
      recorded_at: ref.now,
      actor: ref.actor,
    });
    if (outcome === 'incurred' && amount > 0) {
      await addIncidentCost(
        trx,
        {
          incidentId: input.incidentId,
          kind: 'penalty',
          amount,
          currency: input.currency,
          party,
          refType: 'contract_penalty',
          refId: id,
          note: `shortfall ${formatMoney(input.shortfallAmount, input.currency)} not delivered by ${input.dueBy}`,
        },
        ref,
      );
    }
    const what = formatMoney(amount, input.currency);
    await noteOn(
      trx,
      input.incidentId,
      {
        message:
          outcome === 'avoided'
            ? `Contract penalty of ${what} avoided: the shortfall was delivered by ${input.dueBy.slice(0, 10)}`
            : `Contract penalty of ${what} incurred: the shortfall was not delivered by ${input.dueBy.slice(0, 10)}`,
        visibility: 'internal',
      },
      ref,
    );
    return (await findPenaltyByIncident(trx, input.incidentId)) ?? null;
  });
}

export function listContractPenalties(
  db: Executor,
  f: { customerId?: string; incidentId?: string },
): Promise<ContractPenalty[]> {
  return listPenalties(db, f);
}
