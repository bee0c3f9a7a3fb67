import type { SelectQueryBuilder } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import type { ContractPenalty, CostKind, CostParty, IncidentCost } from './money.js';
import { rowToCost, rowToPenalty } from './money.mappers.js';
import type { ContractPenaltiesTable, IncidentCostsTable } from './money.table.js';

export interface LedgerFilter {
  incidentId?: string;
  party?: CostParty;
  kind?: CostKind;
  currency?: string;
  /** Inclusive, ISO time. */
  from?: string;
  /** Exclusive, ISO time. */
  to?: string;
}

/** Records a cost once per (kind, refType, refId); returns false when it was already there. */
export async function insertCost(db: Executor, row: IncidentCostsTable): Promise<boolean> {
  const res = await db
    .insertInto('incident_costs')
    .values(row)
    .onConflict((oc) => oc.columns(['kind', 'ref_type', 'ref_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return res !== undefined;
}

function filtered<O>(
  q: SelectQueryBuilder<Database, 'incident_costs', O>,
  f: LedgerFilter,
): SelectQueryBuilder<Database, 'incident_costs', O> {
  if (f.incidentId) q = q.where('incident_id', '=', f.incidentId);
  if (f.party) q = q.where('party', '=', f.party);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.currency) q = q.where('currency', '=', f.currency);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  return q;
}

/** Costs in time order (at, id); `after` is the id of the last row of the previous page. */
export async function listCosts(
  db: Executor,
  f: LedgerFilter & { after?: { at: string; id: string }; limit?: number },
): Promise<IncidentCost[]> {
  let q = filtered(db.selectFrom('incident_costs').selectAll(), f).orderBy('at').orderBy('id');
  const after = f.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([eb('at', '>', after.at), eb.and([eb('at', '=', after.at), eb('id', '>', after.id)])]),
    );
  }
  if (f.limit) q = q.limit(f.limit);
  return (await q.execute()).map(rowToCost);
}

export async function findCost(db: Executor, id: string): Promise<IncidentCost | undefined> {
  const row = await db
    .selectFrom('incident_costs')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && rowToCost(row);
}

/** Sums of the filtered costs per currency and party. */
export async function costTotals(
  db: Executor,
  f: LedgerFilter,
): Promise<{ currency: string; party: CostParty; amount: number; count: number }[]> {
  const rows = await filtered(
    db
      .selectFrom('incident_costs')
      .select((eb) => [
        'currency',
        'party',
        eb.fn.sum<number>('amount').as('amount'),
        eb.fn.countAll<number>().as('count'),
      ]),
    f,
  )
    .groupBy(['currency', 'party'])
    .orderBy('currency')
    .orderBy('party')
    .execute();
  return rows.map((r) => ({
    currency: r.currency,
    party: r.party as CostParty,
    amount: Number(r.amount),
    count: Number(r.count),
  }));
}

export async function insertPenaltyIfNew(
  db: Executor,
  row: ContractPenaltiesTable,
): Promise<boolean> {
  const res = await db
    .insertInto('contract_penalties')
    .values(row)
    .onConflict((oc) => oc.column('incident_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return res !== undefined;
}

export async function findPenaltyByIncident(
  db: Executor,
  incidentId: string,
): Promise<ContractPenalty | undefined> {
  const row = await db
    .selectFrom('contract_penalties')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
  return row && rowToPenalty(row);
}

export async function listPenalties(
  db: Executor,
  f: { customerId?: string; incidentId?: string },
): Promise<ContractPenalty[]> {
  let q = db.selectFrom('contract_penalties').selectAll().orderBy('id');
  if (f.customerId) q = q.where('customer_id', '=', f.customerId);
  if (f.incidentId) q = q.where('incident_id', '=', f.incidentId);
  return (await q.execute()).map(rowToPenalty);
}
