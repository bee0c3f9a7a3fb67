import { z } from 'zod';
import { moneySchema } from '../../shared/money.js';
import {
  awaitKinds,
  choiceChannels,
  optionKinds,
  planStates,
  stepKinds,
  stepStates,
} from './remedies.js';

export const incidentParams = z.object({ id: z.string().min(1) });
export const stepParams = incidentParams.extend({ stepId: z.string().min(1) });
export const versionParams = z.object({ version: z.coerce.number().int().min(1) });

export const planQuery = z.object({
  explain: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true')
    .describe('1: which rule fired and why each option is offered or not'),
});

export const replanBody = z
  .object({ reason: z.string().trim().min(1).max(2000).optional() })
  .optional();

const window = z
  .object({ from: z.iso.datetime(), to: z.iso.datetime() })
  .describe('When the customer is home for a pickup');

export const chooseBody = z.object({
  optionId: z.string().min(1),
  channel: z.enum(choiceChannels).default('agent'),
  reason: z.string().trim().min(1).max(2000).optional().describe('Required for an agent override'),
  pickupWindow: window.optional(),
});

export const approveBody = z
  .object({ note: z.string().trim().min(1).max(2000).optional() })
  .optional();

export const receiveBody = z
  .object({
    disposition: z
      .enum(['restock', 'damaged'])
      .optional()
      .describe('A pickup: back into stock (default) or written off as damaged'),
    code: z
      .string()
      .trim()
      .min(1)
      .max(20)
      .optional()
      .describe('A store reservation: the pickup code'),
  })
  .optional();

const optionSchema = z.object({
  id: z.string(),
  kind: z.enum(optionKinds),
  title: z.string(),
  customerGets: z.string(),
  when: z.string().nullable(),
  value: moneySchema.nullable(),
  bonus: moneySchema.nullable(),
  isDefault: z.boolean(),
  available: z.boolean(),
  reason: z.string(),
  details: z.record(z.string(), z.unknown()),
  actions: z.array(z.enum(stepKinds)),
});

const stepSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  optionId: z.string(),
  kind: z.enum(stepKinds),
  state: z.enum(stepStates),
  detail: z.record(z.string(), z.unknown()),
  awaiting: z.enum(awaitKinds).nullable(),
  completedAt: z.string().nullable(),
  error: z.string().nullable(),
  doneAt: z.string().nullable(),
  undoneAt: z.string().nullable(),
});

export const planSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  policyVersion: z.number().int(),
  state: z.enum(planStates),
  ruleId: z.string(),
  deadlineAt: z.string().nullable(),
  defaultOptionId: z.string().nullable(),
  chosenOptionId: z.string().nullable(),
  chosenAt: z.string().nullable(),
  chosenVia: z.string().nullable(),
  chosenBy: z.string().nullable(),
  choiceReason: z.string().nullable(),
  compensation: z
    .object({
      amount: z.number().int(),
      currency: z.string(),
      basis: z.string(),
      needsApproval: z.boolean(),
      limit: z.number().int(),
    })
    .nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  failure: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  options: z.array(optionSchema),
  steps: z.array(stepSchema),
  explain: z
    .object({
      rule: z.object({
        id: z.string(),
        description: z.string().nullable(),
        matched: z.array(z.string()),
      }),
      rulesSkipped: z.array(z.object({ id: z.string(), why: z.string() })),
      options: z.array(
        z.object({
          id: z.string(),
          kind: z.enum(optionKinds),
          offered: z.boolean(),
          why: z.string(),
        }),
      ),
      compensation: z.string().nullable(),
      facts: z.record(z.string(), z.unknown()),
    })
    .optional(),
});

export const policyBody = z
  .union([z.string().min(1), z.record(z.string(), z.unknown())])
  .describe('The policy as YAML text (Content-Type text/yaml) or as a JSON object');

export const policySchema = z.object({
  version: z.number().int(),
  document: z.string(),
  policy: z.record(z.string(), z.unknown()),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const policyVersionsSchema = z.object({
  data: z.array(
    z.object({ version: z.number().int(), createdBy: z.string(), createdAt: z.string() }),
  ),
});
