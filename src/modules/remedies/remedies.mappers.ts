import type {
  AwaitKind,
  ChosenVia,
  Compensation,
  PlanExplanation,
  PlanState,
  RemedyOption,
  RemedyPlan,
  RemedyStep,
  StepKind,
  StepSpec,
  StepState,
} from './remedies.js';
import type { RemedyPlansTable, RemedyStepsTable } from './remedies.table.js';

/** An option as stored: the public option and the steps it runs. */
export type StoredOption = RemedyOption & { steps: StepSpec[] };

export function storedOptions(row: RemedyPlansTable): StoredOption[] {
  return JSON.parse(row.options) as StoredOption[];
}

export function rowToStep(row: RemedyStepsTable): RemedyStep {
  const spec = JSON.parse(row.spec) as StepSpec;
  const refs = row.refs ? (JSON.parse(row.refs) as Record<string, unknown>) : {};
  return {
    id: row.id,
    seq: row.seq,
    optionId: row.option_id,
    kind: row.kind as StepKind,
    state: row.state as StepState,
    detail: { ...specSummary(spec), ...refs },
    awaiting: row.awaiting as AwaitKind | null,
    completedAt: row.completed_at,
    error: row.error,
    doneAt: row.done_at,
    undoneAt: row.undone_at,
  };
}

/** The planned input in a few fields (the full spec stays internal). */
function specSummary(spec: StepSpec): Record<string, unknown> {
  const { kind: _kind, ...rest } = spec;
  const units = 'units' in spec ? spec.units?.map((u) => `${u.qty} × ${u.sku}`) : undefined;
  const out: Record<string, unknown> = { ...rest };
  if (units) out.units = units;
  return out;
}

export function rowToPlan(
  row: RemedyPlansTable,
  steps: RemedyStepsTable[],
  opts: { explain?: boolean } = {},
): RemedyPlan {
  const options = storedOptions(row).map(({ steps: _steps, ...o }) => o);
  return {
    id: row.id,
    incidentId: row.incident_id,
    policyVersion: row.policy_version,
    state: row.state as PlanState,
    ruleId: row.rule_id,
    deadlineAt: row.deadline_at,
    defaultOptionId: row.default_option_id,
    chosenOptionId: row.chosen_option_id,
    chosenAt: row.chosen_at,
    chosenVia: row.chosen_via as ChosenVia | null,
    chosenBy: row.chosen_by,
    choiceReason: row.choice_reason,
    compensation: row.compensation ? (JSON.parse(row.compensation) as Compensation) : null,
    approvedBy: row.approved_by,
    approvedAt: row.approved_at,
    failure: row.failure,
    createdAt: row.created_at,
    completedAt: row.completed_at,
    options,
    steps: steps.map(rowToStep),
    ...(opts.explain ? { explain: JSON.parse(row.explain) as PlanExplanation } : {}),
  };
}
