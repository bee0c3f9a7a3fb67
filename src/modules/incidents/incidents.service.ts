import type { AppContext } from '../../context.js';
import { HOUR } from '../../shared/clock.js';
import type { IncidentDetail, NoteKind, TimelineEntry, Visibility } from './incidents.js';
import type { PatchIncidentInput, ReportIncidentInput } from './incidents.schemas.js';
import type { IncidentState } from './lifecycle.js';
import { addNote, editIncident, escalateIncident } from './use-cases/annotate.js';
import { getIncident } from './use-cases/read.js';
import { reportIncident } from './use-cases/report-incident.js';
import { transitionIncident, type TransitionOptions } from './use-cases/transition.js';

/**
 * The incidents service owns each API request's transaction: every change and its timeline
 * entries commit together, and the answer is read inside the same transaction.
 */
type Ctx = Pick<AppContext, 'db' | 'clock'>;

export function receiveReport(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config'>,
  input: ReportIncidentInput,
  actor: string,
) {
  const settings = {
    dedupeWindowMs: ctx.config.reportDedupeHours * HOUR,
    triageThreshold: ctx.config.triageThreshold,
  };
  return ctx.db.transaction().execute(async (trx) => {
    const { incident, joined } = await reportIncident(trx, input, {
      actor,
      clock: ctx.clock,
      settings,
    });
    const detail: IncidentDetail = await getIncident(trx, incident.id, ctx.clock);
    return { ...detail, joined };
  });
}

export function changeIncidentState(
  ctx: Ctx,
  id: string,
  to: IncidentState,
  opts: Omit<TransitionOptions, 'clock'>,
) {
  return ctx.db.transaction().execute(async (trx): Promise<IncidentDetail> => {
    await transitionIncident(trx, id, to, { ...opts, clock: ctx.clock });
    return getIncident(trx, id, ctx.clock);
  });
}

export function postNote(
  ctx: Ctx,
  id: string,
  note: { message: string; visibility: Visibility; kind: NoteKind },
  actor: string,
): Promise<TimelineEntry> {
  return ctx.db.transaction().execute((trx) => addNote(trx, id, note, { actor, clock: ctx.clock }));
}

export function escalate(ctx: Ctx, id: string, reason: string, actor: string) {
  return ctx.db.transaction().execute(async (trx): Promise<IncidentDetail> => {
    await escalateIncident(trx, id, reason, { actor, clock: ctx.clock });
    return getIncident(trx, id, ctx.clock);
  });
}

export function editIncidentFields(ctx: Ctx, id: string, patch: PatchIncidentInput, actor: string) {
  return ctx.db.transaction().execute(async (trx): Promise<IncidentDetail> => {
    await editIncident(trx, id, patch, { actor, clock: ctx.clock });
    return getIncident(trx, id, ctx.clock);
  });
}
