import type { RemedyFacts } from './facts.js';
import { buildOption, type OptionDraft } from './options.js';
import type { Policy, PolicyRule, PolicySettings } from './policy.js';
import type {
  Compensation,
  OptionKind,
  PlanExplanation,
  RemedyOption,
  StepSpec,
} from './remedies.js';

/**
 * The policy applied to the facts, as a pure function: the rule that fires, the options in
 * order (one default), the compensation and whether it needs approval, and the explanation.
 */
export interface PlanDraft {
  rule: PolicyRule;
  options: (RemedyOption & { steps: StepSpec[] })[];
  defaultOptionId: string | null;
  compensation: Compensation | null;
  automatic: boolean;
  deadlineHours: number;
  explain: PlanExplanation;
}

/** Why a rule does not match, or null when it does; `matched` collects what matched. */
export function ruleMismatch(rule: PolicyRule, f: RemedyFacts, matched: string[]): string | null {
  const w = rule.when;
  const checks: [boolean | undefined, string, string][] = [
    [w.type && !w.type.includes(f.type), `type is ${f.type}`, `type ${f.type}`],
    [w.source && !w.source.includes(f.source), `source is ${f.source}`, `source ${f.source}`],
    [w.zone && !w.zone.includes(f.zone), `zone is ${f.zone}`, `zone ${f.zone}`],
    [
      w.tier && !w.tier.includes(f.customer?.tier ?? 'b2c'),
      `customer tier is ${f.customer?.tier ?? 'unknown'}`,
      `tier ${f.customer?.tier ?? 'b2c'}`,
    ],
    [
      w.minPriorIncidents !== undefined && (f.customer?.priorIncidents ?? 0) < w.minPriorIncidents,
      `${f.customer?.priorIncidents ?? 0} earlier incident(s) < ${w.minPriorIncidents}`,
      `at least ${w.minPriorIncidents} earlier incident(s)`,
    ],
    [
      w.maxPriorIncidents !== undefined && (f.customer?.priorIncidents ?? 0) > w.maxPriorIncidents,
      `${f.customer?.priorIncidents ?? 0} earlier incident(s) > ${w.maxPriorIncidents}`,
      `at most ${w.maxPriorIncidents} earlier incident(s)`,
    ],
    [
      w.minAffectedValue !== undefined && f.affectedValue < w.minAffectedValue,
      `affected value ${f.affectedValue} < ${w.minAffectedValue}`,
      `affected value ≥ ${w.minAffectedValue}`,
    ],
    [
      w.maxAffectedValue !== undefined && f.affectedValue > w.maxAffectedValue,
      `affected value ${f.affectedValue} > ${w.maxAffectedValue}`,
      `affected value ≤ ${w.maxAffectedValue}`,
    ],
    [
      w.minDaysLate !== undefined && f.daysLate < w.minDaysLate,
      `${f.daysLate} day(s) late < ${w.minDaysLate}`,
      `at least ${w.minDaysLate} day(s) late`,
    ],
  ];
  for (const [fails, why, ok] of checks) {
    if (fails) return why;
    if (fails === false) matched.push(ok);
  }
  return null;
}

/**
 * The compensation voucher: a share of the affected value scaled by severity, within
 * [min, max]; a customer with an earlier incident in the window gets it × the repeat
 * multiplier, and the cap rises by the same factor.
 */
export function compensationFor(
  s: PolicySettings,
  rule: PolicyRule,
  f: RemedyFacts,
): Compensation | null {
  if (!rule.compensation || f.affectedValue <= 0) return null;
  const c = s.compensation;
  const shareBp = rule.compensation.shareBp ?? c.shareBp;
  const min = rule.compensation.min ?? c.min;
  const max = rule.compensation.max ?? c.max;
  const severityBp = c.severityBp[f.severity];
  const raw = Math.round((f.affectedValue * shareBp * severityBp) / 10_000 / 10_000);
  let amount = Math.min(max, Math.max(min, raw));
  let basis = `${shareBp / 100}% of ${f.affectedValue}`;
  if (severityBp !== 10_000) basis += ` × ${severityBp / 10_000} (severity ${f.severity})`;
  basis += ` = ${raw}, within [${min}, ${max}]`;
  const repeat = (f.customer?.priorIncidents ?? 0) > 0;
  if (repeat) {
    const m = c.repeat.multiplierBp;
    amount = Math.min(Math.round((max * m) / 10_000), Math.round((amount * m) / 10_000));
    basis += `; × ${m / 10_000} for an earlier incident within ${c.repeat.windowDays} days`;
  }
  const limit = rule.autoApproveLimit ?? s.autoApproveLimit;
  return { amount, currency: f.currency, basis, needsApproval: amount > limit, limit };
}

export function draftPlan(policy: Policy, f: RemedyFacts, now: string): PlanDraft {
  const skipped: { id: string; why: string }[] = [];
  let fired: { rule: PolicyRule; matched: string[] } | null = null;
  for (const rule of policy.rules) {
    const matched: string[] = [];
    const why = ruleMismatch(rule, f, matched);
    if (why === null) {
      fired = { rule, matched };
      break;
    }
    skipped.push({ id: rule.id, why });
  }
  if (!fired) throw new Error('the policy has no rule for these facts');
  const { rule } = fired;
  const s = policy.settings;
  const voucher = compensationFor(s, rule, f);
  const kinds = withLegalRefund(s, rule, f);
  const drafts = kinds.map((kind) => {
    const comp = voucher && rule.compensation?.appliesTo.includes(kind) ? voucher : null;
    return {
      kind,
      draft: buildOption(kind, { settings: s, rule, facts: f, now, compensation: comp }),
    };
  });
  const preferred =
    rule.default && drafts.find((d) => d.kind === rule.default && d.draft.available);
  const chosenDefault = preferred ?? drafts.find((d) => d.draft.available);
  const options = drafts.map(({ kind, draft }) =>
    toOption(kind, draft, kind === chosenDefault?.kind),
  );
  const limit = rule.autoApproveLimit ?? s.autoApproveLimit;
  const planComp = chosenDefault
    ? approvalOf(
        chosenDefault.draft.compensation,
        limit,
        f.currency,
        voucher,
        chosenDefault.kind,
        rule,
      )
    : null;
  return {
    rule,
    options,
    defaultOptionId: chosenDefault ? chosenDefault.kind : null,
    compensation: planComp,
    automatic: rule.automatic,
    deadlineHours: rule.choiceDeadlineHours ?? s.choiceDeadlineHours,
    explain: {
      rule: { id: rule.id, description: rule.description ?? null, matched: fired.matched },
      rulesSkipped: skipped,
      options: options.map((o) => ({
        id: o.id,
        kind: o.kind,
        offered: o.available,
        why: `${o.title}: ${o.reason}`,
      })),
      compensation: planComp
        ? `${planComp.basis} → ${planComp.amount} ${planComp.currency}` +
          (planComp.needsApproval
            ? `, above the auto-approve limit of ${planComp.limit}: waits for finance or admin approval`
            : `, within the auto-approve limit of ${planComp.limit}`)
        : null,
      facts: summaryOf(f),
    },
  };
}

/** What an option gives beyond making good, against the auto-approve limit. */
export function approvalOf(
  amount: number,
  limit: number,
  currency: string,
  voucher: Compensation | null,
  kind: OptionKind,
  rule: PolicyRule,
): Compensation | null {
  if (amount <= 0) return null;
  const fromVoucher =
    voucher && rule.compensation?.appliesTo.includes(kind) && voucher.amount === amount;
  const basis = fromVoucher ? voucher.basis : `${kind}: ${amount}`;
  return { amount, currency, basis, needsApproval: amount > limit, limit };
}

/** A plain refund stays on offer wherever the law requires one. */
function withLegalRefund(s: PolicySettings, rule: PolicyRule, f: RemedyFacts): OptionKind[] {
  const kinds = [...rule.options];
  const refunds: OptionKind[] = ['refund', 'partial_refund', 'cancel_refund'];
  if (s.refundRequiredFor.includes(f.type) && !kinds.some((k) => refunds.includes(k))) {
    kinds.push('refund');
  }
  return kinds;
}

function toOption(
  kind: OptionKind,
  d: OptionDraft,
  isDefault: boolean,
): RemedyOption & { steps: StepSpec[] } {
  return {
    id: kind,
    kind,
    title: d.title,
    customerGets: d.customerGets,
    when: d.when,
    value: d.value,
    bonus: d.bonus,
    isDefault,
    available: d.available,
    reason: d.reason,
    details: { ...d.details, compensation: d.compensation },
    actions: d.steps.map((st) => st.kind),
    steps: d.steps,
  };
}

function summaryOf(f: RemedyFacts): Record<string, unknown> {
  return {
    type: f.type,
    source: f.source,
    severity: f.severity,
    zone: f.zone,
    tier: f.customer?.tier ?? null,
    priorIncidents: f.customer?.priorIncidents ?? 0,
    orderValue: f.order?.value ?? null,
    affectedValue: f.affectedValue,
    daysLate: f.daysLate,
    affected: f.affected.map((a) => ({
      sku: a.sku,
      qty: a.qty,
      value: a.value,
      wrongItem: a.wrongItem?.sku ?? null,
      stock: a.stock.map((s) => `${s.code}:${s.available}`),
      substitutes: a.substitutes.map(
        (sub) =>
          `${sub.sku} (${sub.stock.map((s) => `${s.code}:${s.available}`).join(', ') || 'none'})`,
      ),
      nextInbound: a.nextInbound?.expectedAt ?? null,
    })),
    contract: f.customer?.contract ?? null,
  };
}
