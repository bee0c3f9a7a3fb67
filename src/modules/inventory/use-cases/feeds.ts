import { z } from 'zod';
import type { Executor } from '../../../db/database.js';
import { inTransaction } from '../../../db/transaction.js';
import { newId } from '../../../shared/ids.js';
import {
  findFeedTargets,
  insertFeedBatch,
  locationExists,
  type SourceLevelRow,
} from '../feeds.repository.js';
import type { FeedKind, FeedRejection, FeedResult } from '../inventory.js';
import { maxQuantity } from '../inventory.schemas.js';
import { applySourceChanges, type SourceChange, type SourceOp } from '../stock.batch.js';

/**
 * Stock feeds from the systems that see the shelves: absolute levels (a POS or WMS snapshot),
 * deltas, and cycle counts, for one location per batch. Valid rows are applied together in one
 * transaction; every other row is reported with its reason, and the batch is recorded.
 *
 * Versions: each row carries the source's `version`, a non-negative integer that grows with
 * every change at the source — a sequence number, or the source's clock in epoch milliseconds.
 * The level keeps the last version applied; a row whose version is not newer is stale (a replay
 * or an update that arrived out of order) and is ignored. All sources feeding one location must
 * use comparable versions.
 */
export interface FeedInput {
  source: string;
  locationId: string;
  kind: FeedKind;
  /** Checked row by row here, so one malformed row does not lose the others. */
  items: readonly unknown[];
}

const sku = z.string().trim().min(1).max(100);
const version = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const quantity = z.number().int().max(maxQuantity);
const rowSchemas = {
  levels: z.object({ sku, onHand: quantity, version }),
  counts: z.object({ sku, counted: quantity, version }),
  deltas: z.object({
    sku,
    delta: z
      .number()
      .int()
      .min(-maxQuantity)
      .max(maxQuantity)
      .refine((d) => d !== 0, 'must not be 0'),
    version,
  }),
} as const;

interface ParsedRow {
  index: number;
  sku: string;
  version: number;
  op: SourceOp;
}

function parseRow(kind: FeedKind, raw: unknown, index: number): ParsedRow | FeedRejection {
  const rawSku = (raw as { sku?: unknown } | null)?.sku;
  const parsed = rowSchemas[kind].safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      index,
      sku: typeof rawSku === 'string' ? rawSku : null,
      reason: 'invalid_row',
      message: issue ? `${issue.path.join('.') || 'row'}: ${issue.message}` : 'invalid row',
    };
  }
  const row = parsed.data;
  const quantityOf = 'onHand' in row ? row.onHand : 'counted' in row ? row.counted : null;
  if (quantityOf !== null && quantityOf < 0) {
    return { index, sku: row.sku, reason: 'negative_quantity', message: 'must be at least 0' };
  }
  const op: SourceOp =
    'delta' in row ? { kind: 'add', delta: row.delta } : { kind: 'set', onHand: quantityOf ?? 0 };
  return { index, sku: row.sku, version: row.version, op };
}

const movementOf: Record<FeedKind, { kind: SourceChange['movementKind']; label: string }> = {
  levels: { kind: 'count', label: 'feed levels' },
  deltas: { kind: 'adjustment', label: 'feed delta' },
  counts: { kind: 'count', label: 'cycle count' },
};

export async function applyFeed(
  db: Executor,
  input: FeedInput,
  ctx: { now: string; actor: string },
): Promise<FeedResult> {
  const batchId = newId('feed');
  return inTransaction(db, async (trx) => {
    const { changes, known, rejected, skuAt } = await resolveRows(trx, input);
    const { outcomes, movements } = await applySourceChanges(
      trx,
      input.locationId,
      changes,
      { refType: 'feed', refId: batchId, actor: ctx.actor, now: ctx.now },
      known,
    );
    let applied = 0;
    let ignoredStale = 0;
    for (const [index, outcome] of outcomes) {
      if (outcome === 'applied') applied += 1;
      else {
        if (outcome === 'stale') ignoredStale += 1;
        rejected.push(refusal(index, skuAt.get(index) ?? null, outcome));
      }
    }
    rejected.sort((a, b) => a.index - b.index);
    await insertFeedBatch(trx, {
      id: batchId,
      location_id: input.locationId,
      source: input.source,
      kind: input.kind,
      received_at: ctx.now,
      items: input.items.length,
      applied,
      ignored_stale: ignoredStale,
      rejected: rejected.length - ignoredStale,
      actor: ctx.actor,
    });
    return { batchId, applied, ignoredStale, rejected, movements: movements.length };
  });
}

/** Parses every row, resolves SKUs and their levels, and turns the good rows into changes. */
async function resolveRows(trx: Executor, input: FeedInput) {
  const rejected: FeedRejection[] = [];
  const rows: ParsedRow[] = [];
  input.items.forEach((raw, i) => {
    const r = parseRow(input.kind, raw, i);
    if ('reason' in r) rejected.push(r);
    else rows.push(r);
  });
  const skuAt = new Map(rows.map((r) => [r.index, r.sku]));
  const changes: SourceChange[] = [];
  const known = new Map<string, SourceLevelRow>();
  if (!(await locationExists(trx, input.locationId))) {
    const message = `no location has the id ${input.locationId}`;
    for (const r of rows) {
      rejected.push({ index: r.index, sku: r.sku, reason: 'unknown_location', message });
    }
    return { changes, known, rejected, skuAt };
  }
  const targets = await findFeedTargets(trx, input.locationId, [
    ...new Set(rows.map((r) => r.sku)),
  ]);
  for (const t of targets.values()) if (t.level) known.set(t.productId, t.level);
  const { kind, label } = movementOf[input.kind];
  for (const r of rows) {
    const productId = targets.get(r.sku)?.productId;
    if (!productId) {
      rejected.push({ index: r.index, sku: r.sku, reason: 'unknown_sku', message: 'unknown SKU' });
      continue;
    }
    changes.push({
      index: r.index,
      productId,
      version: r.version,
      op: r.op,
      movementKind: kind,
      reason: `${label} from ${input.source} (version ${r.version})`,
      recordUnchanged: input.kind === 'counts',
    });
  }
  return { changes, known, rejected, skuAt };
}

function refusal(
  index: number,
  sku: string | null,
  outcome: 'stale' | 'would_go_negative',
): FeedRejection {
  return outcome === 'stale'
    ? { index, sku, reason: 'stale_version', message: 'not newer than the version already applied' }
    : {
        index,
        sku,
        reason: 'would_go_negative',
        message: 'the delta would take on hand below 0; send a level instead',
      };
}
