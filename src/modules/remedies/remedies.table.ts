export interface RemedyPoliciesTable {
  version: number;
  /** The document as written (YAML; JSON is YAML too). */
  document: string;
  created_by: string;
  created_at: string;
}

export interface RemedyPlansTable {
  id: string;
  incident_id: string;
  /** The incident id while this is its current plan; null once superseded. */
  current_for: string | null;
  policy_version: number;
  rule_id: string;
  state: string;
  /** JSON RemedyOption[] with each option's step specs. */
  options: string;
  /** JSON PlanExplanation. */
  explain: string;
  /** JSON Compensation or null. */
  compensation: string | null;
  default_option_id: string | null;
  chosen_option_id: string | null;
  chosen_at: string | null;
  chosen_via: string | null;
  chosen_by: string | null;
  choice_reason: string | null;
  deadline_at: string | null;
  approved_by: string | null;
  approved_at: string | null;
  failure: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

export interface RemedyStepsTable {
  id: string;
  plan_id: string;
  seq: number;
  option_id: string;
  kind: string;
  state: string;
  /** JSON StepSpec: the step's input, fixed when planned. */
  spec: string;
  /** JSON: the ids and codes of what the step created. */
  refs: string | null;
  awaiting: string | null;
  completed_at: string | null;
  error: string | null;
  attempts: number;
  done_at: string | null;
  undone_at: string | null;
  updated_at: string;
}

export interface RemediesTables {
  remedy_policies: RemedyPoliciesTable;
  remedy_plans: RemedyPlansTable;
  remedy_steps: RemedyStepsTable;
}
