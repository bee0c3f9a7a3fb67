import { triageTypes, type TriageType } from './types.js';

/** Figures of a classifier on labelled samples, as printed by the training script and the bench. */
export interface Evaluation {
  n: number;
  accuracy: number;
  macroF1: number;
  perClass: Record<TriageType, { precision: number; recall: number; f1: number; support: number }>;
  /** confusion[actual][predicted] */
  confusion: Record<TriageType, Record<TriageType, number>>;
  threshold: number;
  autoShare: number;
  autoAccuracy: number;
  reviewAccuracy: number;
}

export interface Prediction {
  label: TriageType;
  type: TriageType;
  confidence: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export function evaluate(predictions: Prediction[], threshold: number): Evaluation {
  const confusion = Object.fromEntries(
    triageTypes.map((a) => [a, Object.fromEntries(triageTypes.map((p) => [p, 0]))]),
  ) as Evaluation['confusion'];
  for (const p of predictions) confusion[p.label][p.type] += 1;
  const perClass = Object.fromEntries(
    triageTypes.map((t) => {
      const tp = confusion[t][t];
      const support = triageTypes.reduce((s, p) => s + confusion[t][p], 0);
      const predicted = triageTypes.reduce((s, a) => s + confusion[a][t], 0);
      const precision = ratio(tp, predicted);
      const recall = ratio(tp, support);
      const f1 = ratio(2 * precision * recall, precision + recall);
      return [t, { precision, recall, f1, support }];
    }),
  ) as Evaluation['perClass'];
  const right = (ps: Prediction[]): number => ps.filter((p) => p.label === p.type).length;
  const auto = predictions.filter((p) => p.confidence >= threshold);
  const review = predictions.filter((p) => p.confidence < threshold);
  return {
    n: predictions.length,
    accuracy: ratio(right(predictions), predictions.length),
    macroF1: triageTypes.reduce((s, t) => s + perClass[t].f1, 0) / triageTypes.length,
    perClass,
    confusion,
    threshold,
    autoShare: ratio(auto.length, predictions.length),
    autoAccuracy: ratio(right(auto), auto.length),
    reviewAccuracy: ratio(right(review), review.length),
  };
}

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;
const dec = (v: number): string => v.toFixed(2);

/** The figures as Markdown tables (per class, confusion matrix, review split). */
export function toMarkdown(e: Evaluation): string {
  const majority = Math.max(...triageTypes.map((t) => e.perClass[t].support));
  const lines = [
    `Overall accuracy **${pct(e.accuracy)}** on ${e.n} held-out reviews (always answering the ` +
      `most frequent type would score ${pct(ratio(majority, e.n))}); macro-F1 ${dec(e.macroF1)}.`,
    '',
    '| type | precision | recall | F1 | support |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...triageTypes.map((t) => {
      const c = e.perClass[t];
      return `| ${t} | ${dec(c.precision)} | ${dec(c.recall)} | ${dec(c.f1)} | ${c.support} |`;
    }),
    '',
    'Confusion matrix (rows: annotators’ label, columns: predicted):',
    '',
    `| | ${triageTypes.join(' | ')} |`,
    `| --- |${triageTypes.map(() => ' ---: |').join('')}`,
    ...triageTypes.map(
      (a) => `| ${a} | ${triageTypes.map((p) => e.confusion[a][p]).join(' | ')} |`,
    ),
    '',
    `Review threshold ${e.threshold}: ${pct(e.autoShare)} classified automatically, ` +
      `with accuracy ${pct(e.autoAccuracy)}; the other ${pct(1 - e.autoShare)} go to an agent ` +
      `(the model's guess is right on ${pct(e.reviewAccuracy)} of those).`,
  ];
  return lines.join('\n');
}
