import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { z } from 'zod';
import { AppError } from '../../shared/app-error.js';
import { incidentSources, incidentTypes, severities } from '../incidents/index.js';
import { optionKinds } from './remedies.js';

/**
 * The remedy policy document: settings (the numbers of DESIGN.md's remedies table) and rules
 * that map facts to options. Parsed from YAML (or JSON, which is YAML) and validated, with
 * every error naming its line and field path.
 */
const bp = z
  .number()
  .int('must be a whole number of basis points')
  .min(0, 'must be ≥ 0')
  .max(10_000, 'must be ≤ 10000');
const amount = z.number().int('must be a whole amount in minor units').min(0, 'must be ≥ 0');
const hours = z
  .number()
  .positive()
  .max(24 * 365);
const zoneReship = z
  .object({
    serviceLevel: z.enum(['same_day', 'express', 'standard']),
    withinHours: hours,
  })
  .strict();

const settingsSchema = z
  .object({
    choiceDeadlineHours: hours,
    autoApproveLimit: amount,
    watchMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    pickupCost: amount,
    keepItemWhenPickupCostShareBp: bp,
    keepDiscountBp: bp,
    creditBonusBp: bp,
    reservationHours: hours,
    storeSubstituteDiscountBp: bp,
    restockDiscountBp: bp,
    voucherValidDays: z.number().int().min(1).max(3650),
    priority: z.number().int().min(1).max(100),
    compensation: z
      .object({
        shareBp: bp,
        min: amount,
        max: amount,
        severityBp: z.object(
          Object.fromEntries(severities.map((s) => [s, z.number().int().min(0).max(100_000)])) as {
            [K in (typeof severities)[number]]: z.ZodNumber;
          },
        ),
        repeat: z
          .object({
            windowDays: z.number().int().min(1).max(3650),
            multiplierBp: z.number().int().min(10_000).max(100_000),
          })
          .strict(),
      })
      .strict()
      .refine((c) => c.min <= c.max, { message: 'min must be ≤ max', path: ['min'] }),
    lateVoucher: z.object({ perDayBp: bp, maxBp: bp }).strict(),
    reship: z.object({ city: zoneReship, national: zoneReship }).strict(),
    refundRequiredFor: z.array(z.enum(incidentTypes)),
  })
  .strict();

const whenSchema = z
  .object({
    type: z.array(z.enum(incidentTypes)).min(1).optional(),
    source: z.array(z.enum(incidentSources)).min(1).optional(),
    zone: z
      .array(z.enum(['city', 'national']))
      .min(1)
      .optional(),
    tier: z
      .array(z.enum(['b2c', 'b2b', 'vip']))
      .min(1)
      .optional(),
    minPriorIncidents: z.number().int().min(0).optional(),
    maxPriorIncidents: z.number().int().min(0).optional(),
    minAffectedValue: amount.optional(),
    maxAffectedValue: amount.optional(),
    minDaysLate: z.number().int().min(0).optional(),
  })
  .strict();

const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and -'),
    description: z.string().max(300).optional(),
    when: whenSchema,
    options: z.array(z.enum(optionKinds)).min(1),
    default: z.enum(optionKinds).optional(),
    automatic: z.boolean().default(false),
    pickup: z.enum(['when_worth', 'always', 'never']).default('when_worth'),
    compensation: z
      .object({
        appliesTo: z.array(z.enum(optionKinds)).min(1),
        shareBp: bp.optional(),
        min: amount.optional(),
        max: amount.optional(),
      })
      .strict()
      .nullable()
      .default(null),
    autoApproveLimit: amount.optional(),
    choiceDeadlineHours: hours.optional(),
  })
  .strict()
  .refine((r) => r.default === undefined || r.options.includes(r.default), {
    message: 'must be one of the rule’s options',
    path: ['default'],
  })
  .refine((r) => new Set(r.options).size === r.options.length, {
    message: 'must not repeat an option',
    path: ['options'],
  });

export const policySchema = z
  .object({
    settings: settingsSchema,
    rules: z.array(ruleSchema).min(1),
  })
  .strict()
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.rules.forEach((r, i) => {
      if (seen.has(r.id)) {
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: 'is repeated' });
      }
      seen.add(r.id);
    });
  });

export type Policy = z.output<typeof policySchema>;
export type PolicyRule = Policy['rules'][number];
export type PolicySettings = Policy['settings'];

export interface PolicyIssue {
  line: number | null;
  path: string;
  message: string;
}

/** Parses and validates a policy; throws `policy_invalid` listing every problem. */
export function parsePolicy(text: string): Policy {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => ({
      line: lineCounter.linePos(e.pos[0]).line,
      path: '',
      message: e.message.split('\n')[0] ?? e.message,
    }));
    throw policyInvalid(issues);
  }
  const parsed = policySchema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  throw policyInvalid(
    parsed.error.issues.map((i) => ({
      line: lineOf(doc, lineCounter, i.path),
      path: i.path.map(String).join('.'),
      message: i.message,
    })),
  );
}

/** The line of the deepest node of `path` that exists in the document. */
function lineOf(doc: Document, counter: LineCounter, path: PropertyKey[]): number | null {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return null;
}

function policyInvalid(issues: PolicyIssue[]): AppError {
  const text = issues
    .map(
      (i) => `${i.line === null ? '' : `line ${i.line}: `}${i.path || '(document)'}: ${i.message}`,
    )
    .join('; ');
  return new AppError('policy_invalid', `The policy is not valid: ${text}`, {
    issues,
    fields: issues.map((i) => ({ path: i.path, message: i.message })),
  });
}

export const defaultPolicyText = readFileSync(
  new URL('./default-policy.yaml', import.meta.url),
  'utf8',
);
