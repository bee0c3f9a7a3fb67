import type { Executor } from '../../../db/database.js';
import { rowToPlan } from '../remedies.mappers.js';
import { findSteps } from '../remedies.repository.js';
import type { RemedyPlan } from '../remedies.js';
import type { RemedyPlansTable } from '../remedies.table.js';

export async function planView(
  db: Executor,
  row: RemedyPlansTable,
  explain = false,
): Promise<RemedyPlan> {
  return rowToPlan(row, await findSteps(db, row.id), { explain });
}
