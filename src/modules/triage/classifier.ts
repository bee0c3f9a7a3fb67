import { detectLanguage, type Language } from './language.js';
import { cueHits } from './lexicon.js';
import { modelLogits, parseModel, softmax, type TriageModel } from './model.js';
import { normalise } from './text.js';
import { triageTypes, type TriageType } from './types.js';

// The combination of learned model and cue lexicon described in triage.ts, for any model file
// (the training script evaluates a model with it before writing the file).

export const reviewThreshold = 0.6;

export interface TriageResult {
  type: TriageType;
  confidence: number;
  needsReview: boolean;
  scores: Record<TriageType, number>;
  language: Language;
}

export interface ClassifyOptions {
  locale?: Language;
  threshold?: number;
}

export interface TriageModelFile extends TriageModel {
  /** cue weight for Portuguese text, chosen by cross-validation on the training part */
  cueWeightPt: number;
}

const foreign = { modelWeight: 0.5, cueWeight: 3 };
const maxChars = 5000;

export function loadModelFile(json: unknown): TriageModelFile {
  const model = parseModel(json);
  const cueWeightPt = (json as { cueWeightPt?: unknown }).cueWeightPt;
  if (typeof cueWeightPt !== 'number') throw new Error('triage model file has no cueWeightPt');
  return { ...model, cueWeightPt };
}

export function classifyWith(
  model: TriageModelFile,
  text: string,
  opts: ClassifyOptions = {},
): TriageResult {
  const threshold = opts.threshold ?? reviewThreshold;
  const clipped = text.slice(0, maxChars);
  const norm = normalise(clipped);
  const language = opts.locale ?? detectLanguage(clipped, norm === '' ? [] : norm.split(' '));
  if (norm === '') {
    const uniform = 1 / triageTypes.length;
    const scores = Object.fromEntries(triageTypes.map((t) => [t, uniform]));
    return {
      type: 'other',
      confidence: uniform,
      needsReview: true,
      scores: scores as Record<TriageType, number>,
      language,
    };
  }
  const { modelWeight, cueWeight } =
    language === 'pt' ? { modelWeight: 1, cueWeight: model.cueWeightPt } : foreign;
  const { logits } = modelLogits(model, clipped);
  const hits = cueHits(norm);
  const probs = softmax(triageTypes.map((t, k) => modelWeight * logits[k]! + cueWeight * hits[t]));
  let best = 0;
  for (let k = 1; k < probs.length; k++) if (probs[k]! > probs[best]!) best = k;
  const confidence = probs[best]!;
  const scores = Object.fromEntries(triageTypes.map((t, k) => [t, probs[k]!]));
  return {
    type: triageTypes[best]!,
    confidence,
    needsReview: confidence < threshold,
    scores: scores as Record<TriageType, number>,
    language,
  };
}
