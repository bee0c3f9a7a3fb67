import type { AppContext } from '../../../context.js';
import { findCustomerById, findProductsBySku } from '../../catalog/index.js';
import {
  getIncident,
  isFinal,
  listIncidents,
  type IncidentDetail,
  type TimelineEntry,
} from '../../incidents/index.js';
import { findOrderHeader } from '../../orders/index.js';
import { AppError } from '../../../shared/app-error.js';
import { tokenInvalid } from '../status-page.errors.js';
import {
  currentPlan,
  refundsOf,
  surveyOf,
  type Plan,
  type RefundInfo,
} from '../status-page.ports.js';
import { findLatestPickupWindow } from '../status-page.repository.js';
import type {
  IncidentView,
  PlanView,
  PublicView,
  RefundView,
  TimelineView,
} from '../status-page.schemas.js';
import {
  formatMoney,
  formatWhen,
  pageLocaleOf,
  texts,
  type PageLocale,
} from '../status-page.texts.js';
import { verifyToken, type TokenClaims } from '../token.js';
import { optionWords } from '../option-words.js';
import { formatterFor, skusOf, tellPublicText, type Fmt } from '../timeline-texts.js';

/** Who opened the page and what it may show: the link's incident first, then its siblings. */
export interface PageAccess {
  claims: TokenClaims;
  customerName: string;
  locale: PageLocale;
  order: { id: string; reference: string } | null;
  incidentIds: string[];
}

/** States a customer never sees: an error caught at the pack station never reached them. */
const hiddenStates = new Set(['caught']);

/**
 * Checks the token and that the incident it names exists and belongs to the customer it names;
 * any failure is the same `token_invalid`.
 */
export async function openPage(ctx: AppContext, token: string): Promise<PageAccess> {
  const claims = verifyToken(ctx.config, token, ctx.clock.now());
  if (!claims) throw tokenInvalid();
  const incident = await getIncident(ctx.db, claims.incidentId, ctx.clock).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'incident_not_found') return undefined;
    throw err;
  });
  if (!incident || incident.customerId !== claims.customerId || hiddenStates.has(incident.state)) {
    throw tokenInvalid();
  }
  const customer = await findCustomerById(ctx.db, claims.customerId);
  if (!customer) throw tokenInvalid();
  const order = incident.orderId ? await findOrderHeader(ctx.db, incident.orderId) : undefined;
  const siblings = order
    ? await listIncidents(
        ctx.db,
        { limit: 20, sort: 'newest', orderId: order.id, customerId: customer.id },
        ctx.clock,
      )
    : { data: [] };
  const others = siblings.data
    .filter((i) => i.id !== incident.id && !hiddenStates.has(i.state))
    .map((i) => i.id);
  return {
    claims,
    customerName: customer.name.split(/\s+/)[0] ?? customer.name,
    locale: pageLocaleOf(customer.locale),
    order: order ? { id: order.id, reference: order.externalId } : null,
    incidentIds: [incident.id, ...others],
  };
}

export async function buildView(ctx: AppContext, access: PageAccess): Promise<PublicView> {
  const incidents: IncidentView[] = [];
  for (const id of access.incidentIds) incidents.push(await incidentView(ctx, access.locale, id));
  return {
    locale: access.locale,
    customerName: access.customerName,
    order: access.order,
    linkExpiresAt: access.claims.expiresAt,
    incidents,
  };
}

async function incidentView(
  ctx: AppContext,
  locale: PageLocale,
  id: string,
): Promise<IncidentView> {
  const t = texts[locale];
  const incident = await getIncident(ctx.db, id, ctx.clock);
  const now = ctx.clock.now().toISOString();
  const plan = await currentPlan(ctx, id);
  const refunds = await refundsOf(ctx.db, id);
  const window = await findLatestPickupWindow(ctx.db, id);
  const survey = await surveyOf(ctx, id);
  const state = incident.state === 'caught' ? 'closed' : incident.state;
  const planOut = plan && planView(locale, plan, now);
  const done = incident.state === 'resolved' || incident.state === 'closed';
  const pickup = pickupOf(plan);
  const say = await timelineFormatter(ctx, locale, incident.timeline);
  return {
    id,
    type: incident.type,
    state: incident.state,
    whatHappened: t.types[incident.type],
    headline: t.states[state].headline,
    detail: t.states[state].detail,
    detectedAt: incident.detectedAt,
    resolvedAt: incident.resolvedAt,
    escalated: incident.escalated,
    deadlines: {
      chooseBy: planOut?.open ? planOut.deadlineAt : null,
      resolveBy: resolveDue(incident),
    },
    plan: planOut,
    refunds: refunds.map((r) => refundView(locale, r)),
    restockDate: restockOf(plan),
    pickup,
    pickupWindow: window ? { from: window.from, to: window.to } : null,
    timeline: incident.timeline.flatMap((e) => timelineView(locale, e, say)),
    can: {
      choose: planOut?.open ?? false,
      bookPickup: !isFinal(incident.state) && !done && collectsItem(plan),
      sendPhotos: !isFinal(incident.state),
      escalate: !isFinal(incident.state),
      answerSurvey: done && !survey.answered,
    },
    survey,
  };
}

function planView(locale: PageLocale, plan: Plan, now: string): PlanView {
  const open = plan.state === 'proposed' && (plan.deadlineAt === null || plan.deadlineAt > now);
  return {
    id: plan.id,
    state: plan.state,
    open,
    deadlineAt: plan.deadlineAt,
    defaultOptionId: plan.defaultOptionId,
    chosenOptionId: plan.chosenOptionId,
    chosenAt: plan.chosenAt,
    // Options not offered are left out, and so are the policy's reasons (they name locations).
    options: plan.options
      .filter((o) => o.available)
      .map((o) => ({
        id: o.id,
        kind: o.kind,
        ...optionWords(locale, o),
        when: o.when,
        value: o.value,
        bonus: o.bonus,
        isDefault: o.isDefault,
        collectsItem: o.actions.includes('return_pickup'),
      })),
  };
}

function refundView(locale: PageLocale, r: RefundInfo): RefundView {
  const t = texts[locale];
  const amount = formatMoney(locale, r.amount, r.currency);
  let text = `${amount}: ${t.refundStates[r.state]}`;
  if (r.issuedAt && (r.state === 'issued' || r.state === 'settled')) {
    const by = r.expectedOnStatementBy ?? r.settledAt ?? r.issuedAt;
    text = t.refundIssued(
      amount,
      formatWhen(locale, r.issuedAt, false),
      formatWhen(locale, by, false),
    );
  } else if (r.dueAt && (r.state === 'requested' || r.state === 'approved')) {
    text = `${text}. ${t.refundDue(formatWhen(locale, r.dueAt, false))}`;
  }
  return {
    id: r.id,
    state: r.state,
    amount: r.amount,
    currency: r.currency,
    method: r.method,
    issuedAt: r.issuedAt,
    settledAt: r.settledAt,
    expectedOnStatementBy: r.expectedOnStatementBy,
    dueAt: r.dueAt,
    text,
  };
}

/** The resolve clock, told to the customer while it runs. */
function resolveDue(incident: IncidentDetail): string | null {
  const clock = incident.clocks.find((c) => c.clock === 'resolve');
  return clock && clock.metAt === null && clock.breachedAt === null ? clock.dueAt : null;
}

const defaultTransition = /→/;

/** Formatting for the timeline's sentences, with the names of the products they mention. */
async function timelineFormatter(
  ctx: AppContext,
  locale: PageLocale,
  timeline: TimelineEntry[],
): Promise<Fmt> {
  const skus = new Set(
    timeline.flatMap((e) => (e.visibility === 'public' ? skusOf(e.publicText) : [])),
  );
  const products = skus.size > 0 ? await findProductsBySku(ctx.db, [...skus]) : [];
  return formatterFor(locale, new Map(products.map((p) => [p.sku, p.name])));
}

/**
 * Public entries only, told as "you" or "our team"; the rest of the timeline stays inside. An
 * entry the system wrote is told in the page's language from its text key; one without a key (a
 * customer's or an agent's own words, or an entry older than the keys) as it was written.
 */
function timelineView(locale: PageLocale, e: TimelineEntry, say: Fmt): TimelineView[] {
  if (e.visibility !== 'public') return [];
  const t = texts[locale];
  const fromCustomer = e.actor === 'customer';
  let title: string;
  let message: string | null = tellPublicText(locale, e.publicText, say) ?? e.message;
  switch (e.kind) {
    case 'transition': {
      const to = e.toState === 'caught' || e.toState === null ? 'closed' : e.toState;
      title = t.states[to].headline;
      if (defaultTransition.test(e.message)) message = null;
      break;
    }
    case 'created':
      title = t.events.created;
      break;
    case 'customer_notified':
      title = t.events.notified;
      break;
    case 'customer_contact':
      title = fromCustomer ? t.events.contact : t.events.note;
      break;
    case 'note':
      title = t.events.note;
      break;
    case 'updated':
    case 'escalated':
    case 'sla_breached':
    case 'triaged':
    case 'report_joined':
    case 'attachment_added':
      title = t.events.update;
  }
  return [
    { id: e.id, at: e.at, by: fromCustomer ? t.you : t.ourTeam, fromCustomer, title, message },
  ];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

function restockOf(plan: Plan | null): string | null {
  for (const o of plan?.options ?? []) {
    const date = str(o.details?.restockDate) ?? str(o.details?.restockAt);
    if (date) return date;
  }
  return null;
}

/** The in-store reservation of the chosen option, once its step has made the pickup code. */
function pickupOf(plan: Plan | null): IncidentView['pickup'] {
  for (const step of plan?.steps ?? []) {
    if (step.kind !== 'reserve_in_store' || step.state !== 'done') continue;
    const d = step.detail;
    const code = str(d.pickupCode) ?? str(d.code);
    if (!code) continue;
    return {
      code,
      place: str(d.storeName) ?? str(d.store) ?? null,
      until: str(d.expiresAt) ?? str(d.reservedUntil) ?? null,
    };
  }
  return null;
}

/** The chosen option collects an item from the customer, and the collection is not done. */
function collectsItem(plan: Plan | null): boolean {
  const chosen = plan?.options.find((o) => o.id === plan.chosenOptionId);
  return Boolean(chosen?.actions.includes('return_pickup'));
}
