import type { Executor } from '../../../db/database.js';
import { newId } from '../../../shared/ids.js';
import { sessionClosed, sessionNotFound } from '../packing.errors.js';
import type { Comparison, PackScan } from '../packing.js';
import { rowToScan, rowToSession, rowToSnapshot } from '../packing.mappers.js';
import { findSession, insertScan, lockOpenSession } from '../packing.repository.js';
import { compareScans, resolveCode } from './box.js';
import { classifyScan, scanMessage } from './compare.js';

export interface ScanInput {
  code: string;
  qty: number;
}

export interface ScanResult {
  scan: PackScan & {
    /** For a wrong item: the expected SKU it was probably mistaken for. */
    expectedSku: string | null;
    message: string;
  };
  comparison: Comparison;
}

/**
 * Records one scan and answers with what it was and the running comparison. The hot path of
 * the pack station: a handful of indexed reads and one insert, in one transaction that holds
 * the session row so a close cannot pass a scan. A code that matches nothing is recorded too.
 */
export async function recordScan(
  trx: Executor,
  sessionId: string,
  input: ScanInput,
  ref: { now: string },
): Promise<ScanResult> {
  const locked = await lockOpenSession(trx, sessionId);
  if (!locked) {
    const row = await findSession(trx, sessionId);
    throw row ? sessionClosed(rowToSession(row)) : sessionNotFound(sessionId);
  }
  const session = rowToSession(locked);
  const snapshot = rowToSnapshot(locked);
  const product = await resolveCode(trx, snapshot, input.code);
  const pending = {
    code: input.code,
    productId: product?.id ?? null,
    sku: product?.sku ?? null,
    qty: input.qty,
  };
  const comparison = await compareScans(trx, session.id, snapshot, {
    ...pending,
    product,
  });
  const row = {
    id: newId('psc'),
    session_id: session.id,
    code: input.code,
    qty: input.qty,
    product_id: pending.productId,
    sku: pending.sku,
    classification: classifyScan(comparison, pending),
    at: ref.now,
  };
  await insertScan(trx, row);
  const extra = comparison.extra.find((x) => x.productId !== null && x.productId === product?.id);
  return {
    scan: {
      ...rowToScan(row),
      expectedSku: extra?.expectedSku ?? null,
      message: scanMessage(comparison, pending),
    },
    comparison,
  };
}
