import type { Executor } from '../../../db/database.js';
import { inTransaction } from '../../../db/transaction.js';
import { enqueue } from '../../../jobs/index.js';
import { AppError, notFound } from '../../../shared/app-error.js';
import { newId } from '../../../shared/ids.js';
import { findCustomerById } from '../../catalog/index.js';
import { publicText, type Incident } from '../../incidents/index.js';
import { once } from '../idempotency.js';
import { clockAt, defaultParty, loadIncident, noteOn, tellCustomer } from '../incident-links.js';
import {
  formatMoney,
  type CostParty,
  type MoneyRef,
  type StoreCreditBalance,
  type StoreCreditEntry,
} from '../money.js';
import { fieldError } from '../money.errors.js';
import type { MoneySettings } from '../money.settings.js';
import {
  accountFor,
  changeBalance,
  findAccounts,
  findEntry,
  insertEntry,
  listEntries,
  spendableLots,
  takeFromLot,
  unsweptExpired,
} from '../store-credit.repository.js';
import { issueCreditNote } from './credit-notes.js';
import { addIncidentCost } from './ledger.js';

export const STORE_CREDIT_EXPIRY_JOB = 'money.store_credit_expiry';

export interface GrantInput {
  customerId: string;
  amount: number;
  currency: string;
  reason: string;
  incidentId?: string;
  expiresAt?: string;
  idempotencyKey?: string;
  party?: CostParty;
}

/** A refund paid as store credit: the refund records the cost, the credit note and the message. */
export interface GrantOrigin {
  refType: string;
  refId: string;
  asRefund?: boolean;
}

export const storeCreditNotFound = (id: string) =>
  notFound('store_credit_not_found', 'Store credit entry', id);

async function requireCustomer(trx: Executor, id: string): Promise<void> {
  if (!(await findCustomerById(trx, id))) throw notFound('customer_not_found', 'Customer', id);
}

/**
 * Adds store credit to the customer's account in the currency: a credit entry (a lot that
 * spends down and may expire), the balance, and — unless it pays a refund — the credit note,
 * the incident's cost, a public timeline entry and the customer's message.
 */
export function grantStoreCredit(
  db: Executor,
  input: GrantInput,
  ref: MoneyRef,
  settings: MoneySettings,
  origin?: GrantOrigin,
): Promise<StoreCreditEntry> {
  return inTransaction(db, async (trx) => {
    const { idempotencyKey, ...request } = input;
    const key = idempotencyKey && `${input.customerId}:${idempotencyKey}`;
    const { result } = await once(
      trx,
      { scope: 'store_credit_grant', key, request, now: ref.now },
      () => createGrant(trx, input, ref, settings, origin),
      async (id) => (await findEntry(trx, id)) ?? Promise.reject(storeCreditNotFound(id)),
    );
    return result;
  });
}

async function createGrant(
  trx: Executor,
  input: GrantInput,
  ref: MoneyRef,
  settings: MoneySettings,
  origin: GrantOrigin | undefined,
): Promise<StoreCreditEntry> {
  await requireCustomer(trx, input.customerId);
  if (input.expiresAt && input.expiresAt <= ref.now) {
    throw fieldError('expiresAt', 'must be in the future');
  }
  const incident = input.incidentId ? await loadIncident(trx, input.incidentId, ref.now) : null;
  if (incident?.customerId && incident.customerId !== input.customerId) {
    throw fieldError('incidentId', 'is an incident of another customer');
  }
  const account = await accountFor(trx, input.customerId, input.currency, ref.now, { lock: true });
  const entry = await insertEntry(trx, {
    id: newId('scr'),
    account_id: account.id,
    customer_id: input.customerId,
    currency: input.currency,
    kind: 'credit',
    amount: input.amount,
    remaining: input.amount,
    expires_at: input.expiresAt ?? null,
    reason: input.reason,
    incident_id: incident?.id ?? null,
    ref_type: origin?.refType ?? null,
    ref_id: origin?.refId ?? null,
    at: ref.now,
    actor: ref.actor,
  });
  await changeBalance(trx, account.id, input.amount, ref.now);
  if (input.expiresAt) {
    await enqueue(trx, clockAt(ref.now), {
      type: STORE_CREDIT_EXPIRY_JOB,
      payload: { entryId: entry.id },
      runAt: input.expiresAt,
      dedupeKey: `store-credit-expiry:${entry.id}`,
    });
  }
  if (!origin?.asRefund) await documentGrant(trx, input, entry, incident, ref, settings);
  return entry;
}

/** A goodwill credit's credit note and, on an incident, its cost, timeline entry and message. */
async function documentGrant(
  trx: Executor,
  input: GrantInput,
  entry: StoreCreditEntry,
  incident: Incident | null,
  ref: MoneyRef,
  settings: MoneySettings,
): Promise<void> {
  const line = { description: `Store credit: ${input.reason}`, qty: 1, unitAmount: input.amount };
  await issueCreditNote(
    trx,
    {
      ...(incident?.orderId ? { orderId: incident.orderId } : { customerId: input.customerId }),
      ...(incident ? { incidentId: incident.id } : {}),
      storeCreditEntryId: entry.id,
      currency: input.currency,
      reason: input.reason,
      lines: [{ ...line, taxRateBp: 0 }],
    },
    ref,
    settings,
  );
  if (!incident) return;
  const party = input.party ?? (await defaultParty(trx, incident));
  await addIncidentCost(
    trx,
    {
      incidentId: incident.id,
      kind: 'store_credit',
      amount: input.amount,
      currency: input.currency,
      party,
      refType: 'store_credit',
      refId: entry.id,
      note: input.reason,
    },
    ref,
  );
  const until = input.expiresAt ? `, to spend by ${input.expiresAt.slice(0, 10)}` : '';
  const message = `Store credit of ${formatMoney(input.amount, input.currency)} added${until}`;
  const told = publicText('store_credit_added', {
    amount: input.amount,
    currency: input.currency,
    expiresAt: input.expiresAt ?? null,
  });
  await noteOn(trx, incident.id, { message, visibility: 'public', publicText: told }, ref);
  const data = {
    entryId: entry.id,
    amount: input.amount,
    currency: input.currency,
    expiresAt: input.expiresAt ?? null,
  };
  await tellCustomer(trx, incident.id, { event: 'credit_issued', key: entry.id, data }, ref.now);
}

export interface DebitInput {
  customerId: string;
  amount: number;
  currency: string;
  reason: string;
  orderRef?: string;
  idempotencyKey: string;
}

/**
 * Spends store credit: never below zero, never from expired credit. The account row is locked
 * first (PostgreSQL; SQLite's writer holds the database), then the lots are taken soonest expiry
 * first, each by a conditional update, and the balance by another.
 */
export function debitStoreCredit(
  db: Executor,
  input: DebitInput,
  ref: MoneyRef,
): Promise<StoreCreditEntry> {
  return inTransaction(db, async (trx) => {
    const { idempotencyKey, ...request } = input;
    const { result } = await once(
      trx,
      {
        scope: 'store_credit_debit',
        key: `${input.customerId}:${idempotencyKey}`,
        request,
        now: ref.now,
      },
      () => spend(trx, input, ref),
      async (id) => (await findEntry(trx, id)) ?? Promise.reject(storeCreditNotFound(id)),
    );
    return result;
  });
}

async function spend(trx: Executor, input: DebitInput, ref: MoneyRef): Promise<StoreCreditEntry> {
  await requireCustomer(trx, input.customerId);
  const account = await accountFor(trx, input.customerId, input.currency, ref.now, { lock: true });
  const lots = await spendableLots(trx, account.id, ref.now);
  const available = lots.reduce((s, l) => s + l.remaining, 0);
  if (available < input.amount) {
    throw new AppError(
      'insufficient_store_credit',
      `Only ${formatMoney(available, input.currency)} of store credit can be spent`,
      { available, requested: input.amount, currency: input.currency },
    );
  }
  let left = input.amount;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    if (!(await takeFromLot(trx, lot.id, take)))
      throw new Error(`lot ${lot.id} changed under its lock`);
    left -= take;
  }
  if (!(await changeBalance(trx, account.id, -input.amount, ref.now))) {
    throw new Error(`account ${account.id} balance below its lots`);
  }
  return insertEntry(trx, {
    id: newId('scr'),
    account_id: account.id,
    customer_id: input.customerId,
    currency: input.currency,
    kind: 'debit',
    amount: -input.amount,
    remaining: 0,
    expires_at: null,
    reason: input.reason,
    incident_id: null,
    ref_type: input.orderRef ? 'order' : null,
    ref_id: input.orderRef ?? null,
    at: ref.now,
    actor: ref.actor,
  });
}

export async function getStoreCredit(
  db: Executor,
  customerId: string,
  now: string,
  currency?: string,
): Promise<{ customerId: string; accounts: StoreCreditBalance[] }> {
  await requireCustomer(db, customerId);
  const accounts: StoreCreditBalance[] = [];
  for (const a of await findAccounts(db, customerId, currency)) {
    const entries = await listEntries(db, a.id);
    const lots = await spendableLots(db, a.id, now);
    const swept = entries.filter((e) => e.kind === 'expiry').reduce((s, e) => s - e.amount, 0);
    accounts.push({
      customerId,
      currency: a.currency,
      available: lots.reduce((s, l) => s + l.remaining, 0),
      expired: swept + (await unsweptExpired(db, a.id, now)),
      entries,
    });
  }
  return { customerId, accounts };
}
