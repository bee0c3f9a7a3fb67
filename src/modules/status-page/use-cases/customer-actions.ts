import type { AppContext } from '../../../context.js';
import {
  addNote,
  attachFiles,
  escalateIncident,
  getIncident,
  publicText,
  queueCustomerMessage,
  type UploadPart,
} from '../../incidents/index.js';
import { validationError } from '../../../shared/app-error.js';
import { newId } from '../../../shared/ids.js';
import { incidentNotOnPage, notNow } from '../status-page.errors.js';
import { choosePlanOption, recordSurvey } from '../status-page.ports.js';
import { insertPickupWindow } from '../status-page.repository.js';
import { formatWhen, texts } from '../status-page.texts.js';
import type { PageAccess } from './read-page.js';

/**
 * What the customer does on the status page, always as the actor `customer` and only on the
 * incidents the page shows. Each change and its public timeline entry commit together.
 */
const CUSTOMER = 'customer';

/** The incident an action is about: one on this page, by default the link's own. */
export function targetOf(access: PageAccess, incidentId: string | undefined): string {
  const id = incidentId ?? access.incidentIds[0];
  if (!id || !access.incidentIds.includes(id)) throw incidentNotOnPage();
  return id;
}

export async function chooseOption(
  ctx: AppContext,
  access: PageAccess,
  input: {
    optionId: string;
    pickupWindow?: { from: string; to: string } | undefined;
    incidentId?: string | undefined;
  },
): Promise<void> {
  const id = targetOf(access, input.incidentId);
  if (input.pickupWindow) assertFuture(ctx, input.pickupWindow.from);
  await choosePlanOption(ctx, id, { optionId: input.optionId, pickupWindow: input.pickupWindow });
}

function assertFuture(ctx: AppContext, from: string): void {
  if (Date.parse(from) < ctx.clock.now().getTime()) {
    throw validationError([{ path: 'from', message: 'must be in the future' }]);
  }
}

/**
 * Books the window in which the customer can hand the item over, tells our team through a public
 * timeline entry and confirms it to the customer. A later booking replaces the earlier one.
 */
export async function bookPickupWindow(
  ctx: AppContext,
  access: PageAccess,
  input: { from: string; to: string; incidentId?: string | undefined },
): Promise<void> {
  const id = targetOf(access, input.incidentId);
  const now = ctx.clock.now();
  assertFuture(ctx, input.from);
  const from = new Date(input.from).toISOString();
  const to = new Date(input.to).toISOString();
  const t = texts[access.locale];
  await ctx.db.transaction().execute(async (trx) => {
    const incident = await getIncident(trx, id, ctx.clock);
    if (['resolved', 'closed', 'dismissed', 'caught'].includes(incident.state)) {
      throw notNow(`A pickup cannot be booked on a ${incident.state} incident`, {
        current: incident.state,
      });
    }
    const window = await insertPickupWindow(trx, {
      id: newId('spw'),
      incidentId: id,
      from,
      to,
      now: now.toISOString(),
    });
    await addNote(
      trx,
      id,
      {
        kind: 'customer_contact',
        visibility: 'public',
        message: t.windowBooked(formatWhen(access.locale, from), formatWhen(access.locale, to)),
        publicText: publicText('pickup_window_booked', { from, to }),
      },
      { actor: CUSTOMER, clock: ctx.clock },
    );
    await queueCustomerMessage(trx, ctx.clock, {
      incidentId: id,
      event: 'pickup_booked',
      data: { from, to },
      key: window.id,
    });
  });
}

/**
 * "Talk to a person": flags the incident escalated (it rises in the agent queue and counts in
 * the escalation rate), keeps the customer's words for the agent and shows the request publicly.
 */
export async function askForPerson(
  ctx: AppContext,
  access: PageAccess,
  input: { message?: string | undefined; incidentId?: string | undefined },
): Promise<void> {
  const id = targetOf(access, input.incidentId);
  const t = texts[access.locale];
  await ctx.db.transaction().execute(async (trx) => {
    const reason = input.message
      ? `The customer asked on the status page to talk to a person: “${input.message}”`
      : 'The customer asked on the status page to talk to a person';
    await escalateIncident(trx, id, reason, { actor: CUSTOMER, clock: ctx.clock });
    await addNote(
      trx,
      id,
      {
        kind: 'customer_contact',
        visibility: 'public',
        // The customer's own words as they typed them; without any, the request itself.
        ...(input.message
          ? { message: input.message }
          : { message: t.talkButton, publicText: publicText('callback_requested', {}) }),
      },
      { actor: CUSTOMER, clock: ctx.clock },
    );
  });
}

/** The satisfaction survey: once the incident is resolved (or closed after it). */
export async function answerSurvey(
  ctx: AppContext,
  access: PageAccess,
  input: { score: number; comment?: string | undefined; incidentId?: string | undefined },
): Promise<void> {
  const id = targetOf(access, input.incidentId);
  await ctx.db.transaction().execute(async (trx) => {
    const incident = await getIncident(trx, id, ctx.clock);
    if (incident.state !== 'resolved' && incident.state !== 'closed') {
      throw notNow('The survey opens once the problem is resolved', { current: incident.state });
    }
    await recordSurvey(
      trx,
      { incidentId: id, score: input.score, ...(input.comment ? { comment: input.comment } : {}) },
      ctx.clock.now().toISOString(),
    );
  });
}

/**
 * Photos from the customer: stored and recorded by incidents (type checked from the bytes), then
 * a public entry so the customer sees that they arrived.
 */
export async function sendPhotos(
  ctx: AppContext,
  access: PageAccess,
  incidentId: string | undefined,
  parts: AsyncIterable<UploadPart>,
): Promise<number> {
  const id = targetOf(access, incidentId);
  const made = await attachFiles(ctx, id, parts, CUSTOMER);
  await ctx.db.transaction().execute((trx) =>
    addNote(
      trx,
      id,
      {
        kind: 'customer_contact',
        visibility: 'public',
        message: `${texts[access.locale].photoSent} (${made.map((a) => a.filename).join(', ')})`,
        publicText: publicText('photos_received', { files: made.map((a) => a.filename) }),
      },
      { actor: CUSTOMER, clock: ctx.clock },
    ),
  );
  return made.length;
}
