import { z } from 'zod';
import { incidentStates, incidentTypes } from '../incidents/index.js';
import { pageLocales } from './status-page.texts.js';

const moneyView = z.object({ amount: z.number().int(), currency: z.string() });
const text = (max: number) => z.string().trim().min(1).max(max);

/** Any text: a malformed token gets the same 404 as an expired or forged one, not a 400. */
export const tokenParams = z.object({ token: z.string() });

export const optionView = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  customerGets: z.string(),
  when: z.string().nullable(),
  value: moneyView.nullable(),
  bonus: moneyView.nullable(),
  isDefault: z.boolean(),
  /** Whether choosing it also books a collection of the item (a pickup window may be given). */
  collectsItem: z.boolean(),
});

export const planView = z.object({
  id: z.string(),
  state: z.string(),
  /** The customer can still choose (the plan is proposed and the deadline has not passed). */
  open: z.boolean(),
  deadlineAt: z.string().nullable(),
  defaultOptionId: z.string().nullable(),
  chosenOptionId: z.string().nullable(),
  chosenAt: z.string().nullable(),
  options: z.array(optionView),
});

export const refundView = z.object({
  id: z.string(),
  state: z.enum(['requested', 'approved', 'issued', 'settled', 'failed', 'cancelled']),
  amount: z.number().int(),
  currency: z.string(),
  method: z.string(),
  issuedAt: z.string().nullable(),
  settledAt: z.string().nullable(),
  expectedOnStatementBy: z.string().nullable(),
  dueAt: z.string().nullable(),
  /** In the customer's words: "€12.00 issued on …, expected on your statement by …". */
  text: z.string(),
});

export const timelineView = z.object({
  id: z.string(),
  at: z.string(),
  /** "You" or "Our team": never a staff member's name. */
  by: z.string(),
  fromCustomer: z.boolean(),
  title: z.string(),
  /** In the page's language when the system wrote it; someone's own words as they wrote them. */
  message: z.string().nullable(),
});

export const incidentView = z.object({
  id: z.string(),
  type: z.enum(incidentTypes),
  state: z.enum(incidentStates),
  whatHappened: z.string(),
  headline: z.string(),
  detail: z.string(),
  detectedAt: z.string(),
  resolvedAt: z.string().nullable(),
  escalated: z.boolean(),
  deadlines: z.object({
    chooseBy: z.string().nullable(),
    resolveBy: z.string().nullable(),
  }),
  plan: planView.nullable(),
  refunds: z.array(refundView),
  restockDate: z.string().nullable(),
  pickup: z
    .object({
      code: z.string().nullable(),
      place: z.string().nullable(),
      until: z.string().nullable(),
    })
    .nullable(),
  pickupWindow: z.object({ from: z.string(), to: z.string() }).nullable(),
  timeline: z.array(timelineView),
  can: z.object({
    choose: z.boolean(),
    bookPickup: z.boolean(),
    sendPhotos: z.boolean(),
    escalate: z.boolean(),
    answerSurvey: z.boolean(),
  }),
  survey: z.object({ answered: z.boolean(), score: z.number().int().nullable() }),
});

export const publicView = z.object({
  locale: z.enum(pageLocales),
  customerName: z.string(),
  order: z.object({ id: z.string(), reference: z.string() }).nullable(),
  linkExpiresAt: z.string(),
  /** The incident the link was sent about comes first. */
  incidents: z.array(incidentView),
});

export type OptionView = z.infer<typeof optionView>;
export type PlanView = z.infer<typeof planView>;
export type RefundView = z.infer<typeof refundView>;
export type TimelineView = z.infer<typeof timelineView>;
export type IncidentView = z.infer<typeof incidentView>;
export type PublicView = z.infer<typeof publicView>;

/** Which of the order's incidents an action is about; default: the one the link was sent about. */
const incidentField = z
  .string()
  .min(1)
  .max(100)
  .optional()
  .describe('One of the incidents on this page; default: the one the link was sent about');

const windowSchema = z
  .object({ from: z.iso.datetime(), to: z.iso.datetime() })
  .refine((b) => Date.parse(b.to) > Date.parse(b.from), {
    path: ['to'],
    message: 'must be after from',
  });

export const choiceBody = z.object({
  optionId: text(100),
  pickupWindow: windowSchema
    .optional()
    .describe('When the option collects the item: when the customer can hand it over'),
  incidentId: incidentField,
});

export const pickupWindowBody = windowSchema.and(z.object({ incidentId: incidentField }));

export const escalateBody = z
  .object({ message: text(2000).optional(), incidentId: incidentField })
  .default({});

export const surveyBody = z.object({
  score: z.number().int('must be a whole number from 1 to 5').min(1).max(5),
  comment: text(2000).optional(),
  incidentId: incidentField,
});

export const photosQuery = z.object({ incidentId: incidentField });

export const actionResult = z.object({ ok: z.literal(true), view: publicView });
export type ActionResult = z.infer<typeof actionResult>;

export const photosResult = actionResult.extend({ received: z.number().int() });
