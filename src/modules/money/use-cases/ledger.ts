import type { Executor } from '../../../db/database.js';
import { newId } from '../../../shared/ids.js';
import { loadIncident } from '../incident-links.js';
import {
  costTotals,
  findCost,
  insertCost,
  listCosts,
  type LedgerFilter,
} from '../ledger.repository.js';
import {
  majorUnits,
  type CostKind,
  type CostParty,
  type IncidentCost,
  type MoneyRef,
} from '../money.js';
import { fieldError } from '../money.errors.js';

export interface CostInput {
  incidentId: string;
  kind: CostKind;
  /** Minor units; negative only when it undoes an earlier cost (a reversal). */
  amount: number;
  currency: string;
  party: CostParty;
  refType?: string;
  refId?: string;
  note?: string;
}

/**
 * Records what an incident cost and who caused it. A cost tied to a document (refType + refId)
 * is recorded once: a job that runs twice does not count it twice (null when it already was).
 */
export async function addIncidentCost(
  trx: Executor,
  input: CostInput,
  ref: MoneyRef,
): Promise<IncidentCost | null> {
  if (!Number.isSafeInteger(input.amount)) throw fieldError('amount', 'must be whole minor units');
  if ((input.refType === undefined) !== (input.refId === undefined)) {
    throw fieldError(
      input.refId === undefined ? 'refId' : 'refType',
      'give refType and refId together',
    );
  }
  await loadIncident(trx, input.incidentId, ref.now);
  const id = newId('cost');
  const inserted = await insertCost(trx, {
    id,
    incident_id: input.incidentId,
    kind: input.kind,
    amount: input.amount,
    currency: input.currency,
    party: input.party,
    ref_type: input.refType ?? null,
    ref_id: input.refId ?? null,
    note: input.note ?? null,
    at: ref.now,
    actor: ref.actor,
  });
  return inserted ? ((await findCost(trx, id)) ?? null) : null;
}

/** The contract's form: records the cost (once per document) and returns nothing. */
export async function recordIncidentCost(
  trx: Executor,
  input: CostInput,
  ref: MoneyRef,
): Promise<void> {
  await addIncidentCost(trx, input, ref);
}

export interface LedgerPage {
  data: IncidentCost[];
  nextCursor: string | null;
  /** Over every cost the filter matches, not only this page. */
  totals: { currency: string; party: CostParty; amount: number; count: number }[];
}

function encodeCursor(c: IncidentCost): string {
  return Buffer.from(`${c.at}|${c.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id) throw fieldError('cursor', 'is not a cursor this endpoint gave');
  return { at, id };
}

export async function listLedger(
  db: Executor,
  q: LedgerFilter & { cursor?: string; limit: number },
): Promise<LedgerPage> {
  const rows = await listCosts(db, {
    ...q,
    ...(q.cursor ? { after: decodeCursor(q.cursor) } : {}),
    limit: q.limit + 1,
  });
  const data = rows.slice(0, q.limit);
  const last = data[data.length - 1];
  return {
    data,
    nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null,
    totals: await costTotals(db, q),
  };
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Free text a spreadsheet would run as a formula gets a leading apostrophe. */
function safeText(value: string | null): string {
  if (value === null) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export const ledgerCsvHeader = [
  'date',
  'id',
  'incident_id',
  'kind',
  'party',
  'currency',
  'amount',
  'amount_minor',
  'ref_type',
  'ref_id',
  'note',
  'actor',
];

/** The ledger as CSV (header row, CRLF line ends), in time order, for an accountant's import. */
export async function ledgerCsv(db: Executor, filter: LedgerFilter): Promise<string> {
  const rows = await listCosts(db, filter);
  const lines = [ledgerCsvHeader.join(',')];
  for (const c of rows) {
    const fields = [
      c.at,
      c.id,
      c.incidentId,
      c.kind,
      c.party,
      c.currency,
      majorUnits(c.amount, c.currency),
      String(c.amount),
      c.refType ?? '',
      c.refId ?? '',
      safeText(c.note),
      safeText(c.actor),
    ];
    lines.push(fields.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
