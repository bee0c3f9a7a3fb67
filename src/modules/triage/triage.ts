/**
 * Free-text triage of a complaint into an incident type, with a confidence. Pure and
 * synchronous: the model is a JSON file loaded with the module, nothing is read afterwards.
 *
 * The learned model only knows Portuguese; Spanish and English lean on a cue lexicon:
 *   logits = m · model(text) + c · cueHits(text),   probabilities = softmax(logits)
 * - `model`: logistic regression on stemmed words and bigrams, trained on labelled Olist
 *   reviews by scripts/train-triage.ts (model.ts, text.ts; label mapping in dataset.ts).
 * - `cueHits`: hand-written cue phrases per type in pt, es and en (lexicon.ts), at most 2
 *   counted per type, none right after a negator.
 * - Language: the `locale` option, else detected from marker words (language.ts); a text with
 *   no marker at all is taken as Portuguese, the language of the data.
 * - Portuguese: m = 1 and c = the weight the training script picked by cross-validation on
 *   the training part (stored in model.json), so cues count only as far as they help on data.
 * - Spanish and English: the model sees mostly unknown or false-friend words, so it is halved
 *   (m = 0.5) and cues weigh c = 3: one cue against an indifferent model gives 0.7–0.85, two
 *   conflicting cues stay under 0.6 and go to review. These two numbers come from that
 *   reasoning, not from fitting: there is no labelled Spanish or English data here.
 * The type is the most probable one and `confidence` its probability; below the threshold
 * (default `reviewThreshold`) the report needs an agent's triage.
 *
 * Known disagreement: Olist's annotators put most "arrived broken / defective" reviews under
 * return (devolução) and kept "low quality" for baixa qualidade, so in Portuguese the model
 * tends to answer return_request for a broken item, where the cues answer damaged in es/en.
 */
import {
  classifyWith,
  loadModelFile,
  type ClassifyOptions,
  type TriageResult,
} from './classifier.js';
import modelJson from './model.json' with { type: 'json' };

export { reviewThreshold } from './classifier.js';
export type { ClassifyOptions, TriageResult } from './classifier.js';

const committed = loadModelFile(modelJson);

export function classifyComplaint(text: string, opts: ClassifyOptions = {}): TriageResult {
  return classifyWith(committed, text, opts);
}
