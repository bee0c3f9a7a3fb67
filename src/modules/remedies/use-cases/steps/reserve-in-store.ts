import { randomInt } from 'node:crypto';
import { enqueue } from '../../../../jobs/index.js';
import { AppError } from '../../../../shared/app-error.js';
import { pickStock, releaseStock, reserveStock } from '../../../inventory/index.js';
import { findLocationById } from '../../../catalog/index.js';
import { publicText } from '../../../incidents/index.js';
import { str, unitsOf, type SpecOf, type StepEnv, type StepHandler } from './step.js';

/** The job that releases a reservation nobody collected and applies the default option. */
export const RESERVATION_EXPIRY_JOB = 'remedies.reservation_expiry';

/**
 * Holds units at a store for the customer: stock reserved there at once, a pickup code, and an
 * expiry job. Done when the store confirms the pickup with the code; at the expiry the units are
 * released (its undo) and the plan falls back to its default option.
 */
export const reserveInStoreStep: StepHandler<SpecOf<'reserve_in_store'>> = {
  async run(env, spec) {
    const { trx, ref } = env;
    const units = [...spec.units].sort((a, b) => a.productId.localeCompare(b.productId));
    for (const u of units) {
      await reserveStock(
        trx,
        { productId: u.productId, locationId: spec.locationId, qty: u.qty },
        {
          reason: `held for incident ${env.incident.id}`,
          refType: 'remedy_step',
          refId: env.stepId,
          ...ref,
        },
      );
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(Date.parse(ref.now) + spec.expiresInHours * 3_600_000).toISOString();
    await enqueue(trx, env.ctx.clock, {
      type: RESERVATION_EXPIRY_JOB,
      payload: { planId: env.planId, stepId: env.stepId },
      runAt: expiresAt,
      dedupeKey: `${RESERVATION_EXPIRY_JOB}:${env.stepId}`,
    });
    const store = await findLocationById(trx, spec.locationId);
    const what = spec.units.map((u) => `${u.qty} × ${u.sku}`).join(', ');
    const where = store ? `${store.name} (${store.code})` : spec.locationId;
    return {
      refs: { pickupCode: code, expiresAt, store: store?.code ?? spec.locationId },
      awaiting: 'collection',
      message: `${what} reserved at ${where}, pickup code ${code}, until ${expiresAt}`,
      publicNote: {
        message: `${what} is waiting for you at ${where} until ${expiresAt.slice(0, 16)}Z: show the pickup code ${code}.`,
        text: publicText('reservation_ready', {
          units: unitsOf(spec.units),
          store: store?.name ?? where,
          until: expiresAt,
          code,
        }),
      },
      notify: {
        event: 'reservation_ready',
        data: {
          store: where,
          pickupCode: code,
          expiresAt,
          items: what,
          discountBp: spec.discountBp,
        },
      },
    };
  },

  async undo(env, spec) {
    const units = [...spec.units].sort((a, b) => a.productId.localeCompare(b.productId));
    for (const u of units) {
      await releaseStock(
        env.trx,
        { productId: u.productId, locationId: spec.locationId, qty: u.qty },
        {
          reason: `reservation for incident ${env.incident.id} ended`,
          refType: 'remedy_step',
          refId: env.stepId,
          ...env.ref,
        },
      );
    }
    return `reservation released at ${spec.locationId}`;
  },
};

/** The store hands the units over against the code: they leave its stock. */
export async function collectReservation(
  env: StepEnv,
  spec: SpecOf<'reserve_in_store'>,
  refs: Record<string, unknown>,
  code: string,
): Promise<{ done: true; refs: Record<string, unknown>; message: string }> {
  if (code !== str(refs, 'pickupCode')) {
    throw new AppError('validation_error', 'The pickup code does not match', {
      fields: [{ path: 'code', message: 'does not match the reservation’s pickup code' }],
    });
  }
  const units = [...spec.units].sort((a, b) => a.productId.localeCompare(b.productId));
  for (const u of units) {
    await pickStock(
      env.trx,
      { productId: u.productId, locationId: spec.locationId, qty: u.qty },
      {
        reason: `collected for incident ${env.incident.id}`,
        refType: 'remedy_step',
        refId: env.stepId,
        ...env.ref,
      },
    );
  }
  return {
    done: true,
    refs: { ...refs, collectedAt: env.ref.now },
    message: `Collected at the store with code ${code}`,
  };
}
