import type { Executor } from '../../db/database.js';
import { AppError, notFound, validationError } from '../../shared/app-error.js';
import { newId } from '../../shared/ids.js';
import { toPage, type Page } from '../../shared/pagination.js';
import {
  contractDefaults,
  type Contract,
  type ContractTerms,
  type Customer,
  type CustomerChanges,
  type NewCustomer,
  type Tier,
} from './catalog.js';
import { findCustomerByExternalId, findCustomerById } from './catalog.repository.js';
import { writeTransaction } from './catalog.transaction.js';
import {
  insertCustomer,
  selectCustomers,
  updateCustomerRow,
  type CustomerFilter,
} from './customers.repository.js';

/**
 * Customers: who an order and its incidents are for, in which language to write to them, and,
 * for B2B customers, the contract whose breach costs a penalty.
 */

export async function createCustomer(
  db: Executor,
  input: NewCustomer,
  now: string,
): Promise<Customer> {
  const tier = input.tier ?? 'b2c';
  const contract = contractFor(tier, input.contract ?? null, 'contract');
  return writeTransaction(db, async (trx) => {
    if (input.externalId) await assertExternalIdFree(trx, input.externalId);
    return insertCustomer(trx, {
      id: newId('cus'),
      external_id: input.externalId ?? null,
      name: input.name,
      email: normaliseEmail(input.email),
      phone: input.phone ?? null,
      locale: input.locale ?? 'en',
      tier,
      address: input.address ? JSON.stringify(input.address) : null,
      contract: contract && JSON.stringify(contract),
      created_at: now,
      updated_at: now,
    });
  });
}

/** `contract`, when given, replaces the whole contract; `null` removes it. */
export async function updateCustomer(
  db: Executor,
  id: string,
  changes: CustomerChanges,
  now: string,
): Promise<Customer> {
  return writeTransaction(db, async (trx) => {
    const current = await getCustomer(trx, id);
    const tier = changes.tier ?? current.tier;
    const contract =
      changes.contract === undefined
        ? contractFor(tier, current.contract, 'tier')
        : contractFor(tier, changes.contract, 'contract');
    const externalId = changes.externalId;
    if (externalId && externalId !== current.externalId) {
      await assertExternalIdFree(trx, externalId);
    }
    await updateCustomerRow(trx, id, {
      ...(externalId !== undefined && { external_id: externalId }),
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.email !== undefined && { email: normaliseEmail(changes.email) }),
      ...(changes.phone !== undefined && { phone: changes.phone }),
      ...(changes.locale !== undefined && { locale: changes.locale }),
      ...(changes.address !== undefined && {
        address: changes.address && JSON.stringify(changes.address),
      }),
      tier,
      contract: contract && JSON.stringify(contract),
      updated_at: now,
    });
    return getCustomer(trx, id);
  });
}

export async function getCustomer(db: Executor, id: string): Promise<Customer> {
  const customer = await findCustomerById(db, id);
  if (!customer) throw notFound('customer_not_found', 'Customer', id);
  return customer;
}

export async function listCustomers(db: Executor, filter: CustomerFilter): Promise<Page<Customer>> {
  const email = filter.email && normaliseEmail(filter.email);
  return toPage(await selectCustomers(db, { ...filter, email: email ?? undefined }), filter.limit);
}

/** Only B2B customers have a contract; `blame` names the field a refusal points at. */
function contractFor(
  tier: Tier,
  terms: ContractTerms | null,
  blame: 'contract' | 'tier',
): Contract | null {
  if (!terms) return null;
  if (tier !== 'b2b') {
    const message =
      blame === 'contract'
        ? `a contract is only for b2b customers, not ${tier}`
        : `a customer with a contract must stay b2b: remove the contract (null) to make it ${tier}`;
    throw validationError([{ path: blame, message }]);
  }
  return {
    fillRateTarget: terms.fillRateTarget,
    onTimeTarget: terms.onTimeTarget,
    penaltyBpOfShortfall: terms.penaltyBpOfShortfall,
    penaltyFixedPerBreach: terms.penaltyFixedPerBreach ?? contractDefaults.penaltyFixedPerBreach,
    catchUpDays: terms.catchUpDays ?? contractDefaults.catchUpDays,
  };
}

async function assertExternalIdFree(db: Executor, externalId: string): Promise<void> {
  const holder = await findCustomerByExternalId(db, externalId);
  if (holder) {
    throw new AppError('duplicate', `Customer ${holder.id} already has externalId ${externalId}`, {
      externalId,
      customerId: holder.id,
    });
  }
}

function normaliseEmail(email: string | null | undefined): string | null {
  return email ? email.trim().toLowerCase() : null;
}
