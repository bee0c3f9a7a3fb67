import { z } from 'zod';
import { pageQuerySchema, pageSchema } from '../../shared/pagination.js';
import { rootCauses } from '../incidents/index.js';
import { dims } from './analytics.js';
import { actionKinds, actionStatuses, targetKinds } from './corrective-actions.js';
import { granularities } from './days.js';
import { kpiIds } from './kpi-definitions.js';
import { DEFAULT_MIN_VOLUME, scorecardDims } from './use-cases/root-causes.js';

const day = z.iso.date().describe('A UTC day, YYYY-MM-DD');
const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()))
    .pipe(z.array(z.enum(values)).min(1));

/** A period of whole days, both ends included; defaults to the 30 days up to today. */
export const periodQuery = z.object({
  from: day.optional().describe('First day; default: 29 days before `to`'),
  to: day.optional().describe('Last day, included; default: today'),
});

export const kpiQuery = periodQuery.extend({
  granularity: z.enum(granularities).default('day').describe('Trend buckets (weeks start Monday)'),
  breakdown: z.enum(dims).optional(),
  kpi: csv(kpiIds).optional().describe('Comma-separated KPI ids; default: all'),
  refresh: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false)
    .describe('Fold the changes since the last fold before answering (read your own writes)'),
});

export const kpiExportQuery = kpiQuery.omit({ kpi: true }).extend({
  kpi: z.enum(kpiIds),
  format: z.enum(['csv']).default('csv'),
});

const costSum = z.object({
  group: z.string().nullable(),
  currency: z.string(),
  amount: z.number().int(),
  entries: z.number().int(),
});
const detail = z.record(z.string(), z.union([z.number(), z.null(), z.array(costSum)]));
const point = z.object({ value: z.number().nullable(), met: z.boolean().nullable(), detail });

export const kpiReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  granularity: z.enum(granularities),
  breakdown: z.enum(dims).nullable(),
  asOf: z.string().nullable(),
  kpis: z.array(
    point.extend({
      id: z.enum(kpiIds),
      name: z.string(),
      unit: z.enum(['ratio', 'ms', 'score', 'money']),
      definition: z.string(),
      target: z
        .object({
          kind: z.enum(['min', 'max']),
          value: z.number(),
          ideal: z.number().optional(),
          text: z.string(),
        })
        .nullable(),
      trend: z.array(point.extend({ bucket: z.string() })),
      breakdown: z.array(point.extend({ key: z.string() })).nullable(),
    }),
  ),
});

export const idParams = z.object({ id: z.string().min(1) });

export const suggestionSchema = z.object({
  incidentId: z.string(),
  suggestion: z.enum(rootCauses),
  confidence: z.enum(['high', 'medium', 'low']),
  reasons: z.array(z.string()),
  alternatives: z.array(z.enum(rootCauses)),
  current: z.enum(rootCauses).nullable(),
});

const paretoEntry = z.object({
  cause: z.string(),
  value: z.number(),
  share: z.number(),
  cumulativeShare: z.number(),
});
export const paretoSchema = z.object({
  from: z.string(),
  to: z.string(),
  byCount: z.array(paretoEntry),
  byCost: z.array(z.object({ currency: z.string(), causes: z.array(paretoEntry) })),
});

export const scorecardQuery = periodQuery.extend({
  by: z.enum(scorecardDims),
  minVolume: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(DEFAULT_MIN_VOLUME)
    .describe('Below this volume a rate is not shown'),
});
export const scorecardSchema = z.object({
  by: z.enum(scorecardDims),
  from: z.string(),
  to: z.string(),
  minVolume: z.number().int(),
  entries: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      volume: z.number().int(),
      volumeUnit: z.enum(['orders', 'lines']),
      incidents: z.number().int(),
      caught: z.number().int(),
      errorLines: z.number().int(),
      linesShipped: z.number().int(),
      incidentRate: z.number().nullable(),
      lineErrorRate: z.number().nullable(),
      belowMinimum: z.boolean(),
    }),
  ),
});

export const lookAlikeQuery = periodQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(20),
});
export const lookAlikeSchema = z.object({
  from: z.string(),
  to: z.string(),
  pairs: z.array(
    z.object({
      skus: z.tuple([z.string(), z.string()]),
      confusions: z.number().int(),
      lastAt: z.string(),
      listedAsLookAlikes: z.boolean(),
    }),
  ),
});

const text = (max: number) => z.string().trim().min(1).max(max);
const target = z.object({ kind: z.enum(targetKinds), id: text(200) });

export const createActionBody = z.object({
  kind: z.enum(actionKinds),
  target,
  title: text(200),
  description: text(5000).optional(),
  rootCause: z.enum(rootCauses).optional(),
  owner: text(200),
  dueAt: z.iso.datetime({ offset: true }),
});

export const patchActionBody = z
  .object({
    title: text(200).optional(),
    description: text(5000).nullable().optional(),
    owner: text(200).optional(),
    dueAt: z.iso.datetime({ offset: true }).optional(),
    rootCause: z.enum(rootCauses).nullable().optional(),
    status: z.enum(actionStatuses).optional(),
    at: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('When the status change happened, if earlier than now'),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' });

export const actionSchema = z.object({
  id: z.string(),
  kind: z.enum(actionKinds),
  target: z.object({ kind: z.enum(targetKinds), id: z.string() }),
  title: z.string(),
  description: z.string().nullable(),
  rootCause: z.enum(rootCauses).nullable(),
  owner: z.string(),
  dueAt: z.string(),
  status: z.enum(actionStatuses),
  startedAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  overdue: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const actionPageSchema = pageSchema(actionSchema);

export const listActionsQuery = pageQuerySchema.extend({
  status: csv(actionStatuses).optional(),
  targetKind: z.enum(targetKinds).optional(),
  targetId: z.string().min(1).optional(),
});

export const effectQuery = z.object({
  windowDays: z.coerce.number().int().min(1).max(365).default(30),
});
const effectWindow = z.object({
  from: z.string(),
  to: z.string(),
  volume: z.number().int(),
  volumeUnit: z.enum(['orders', 'lines']),
  incidents: z.number().int(),
  rate: z.number().nullable(),
});
export const effectSchema = z.object({
  actionId: z.string(),
  target: z.object({ kind: z.enum(targetKinds), id: z.string() }),
  windowDays: z.number().int(),
  measure: z.string(),
  before: effectWindow,
  after: effectWindow.nullable(),
  change: z.number().nullable(),
  complete: z.boolean(),
});

export const suggestionsQuery = z.object({
  minVolume: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_MIN_VOLUME),
});
export const actionSuggestionsSchema = z.object({
  from: z.string(),
  to: z.string(),
  suggestions: z.array(
    z.object({
      kind: z.enum(actionKinds),
      target: z.object({ kind: z.enum(targetKinds), id: z.string(), name: z.string() }),
      title: z.string(),
      reason: z.string(),
      metric: z.object({
        name: z.string(),
        value: z.number(),
        threshold: z.number(),
        volume: z.number(),
      }),
    }),
  ),
});

export const foldResultSchema = z.object({
  mode: z.enum(['incremental', 'rebuild']),
  days: z.number().int(),
  watermark: z.string(),
});
