import type { TriageResult } from '../triage/index.js';
import type { IncidentType } from './incidents.js';

/**
 * How a free-text report becomes an incident type. Triage classifies; intake applies one rule
 * on top, because triage and incidents disagree on what a broken item is:
 *
 * In the Portuguese training data most "arrived broken / defective" reviews were voted
 * `devolucao`, so triage answers `return_request` for "chegou quebrado". For Redress a report
 * about a broken or defective item is a `damaged` incident (the carrier or supplier is at
 * fault and the remedy engine offers a replacement or refund), whose customer wants a return:
 * intake records `customerWants: 'return'` in the incident's facts. A return request that
 * names no defect ("quero devolver, não serviu") stays `return_request`.
 *
 * The rule applies when triage's answer is `return_request` or `damaged` and the text names a
 * defect (broken, cracked, defective, not working… in pt, es or en, not right after a
 * negator). The two types are then one outcome, so its confidence is the sum of their two
 * probabilities; the flag for an agent's triage compares that with the threshold.
 */

export interface IntakeDecision {
  type: IncidentType;
  confidence: number;
  needsTriage: boolean;
  /** What the customer asks for, when the text says so; goes to the incident's facts. */
  customerWants: 'return' | null;
  /** Why intake's type differs from triage's, when it does. */
  rule: 'defect_is_damage' | null;
}

export function intakeDecision(
  result: TriageResult,
  text: string,
  threshold: number,
): IntakeDecision {
  const brokenItem =
    (result.type === 'return_request' || result.type === 'damaged') && mentionsDefect(text);
  if (!brokenItem) {
    return {
      type: result.type,
      confidence: result.confidence,
      needsTriage: result.confidence < threshold,
      customerWants: null,
      rule: null,
    };
  }
  const confidence = result.scores.damaged + result.scores.return_request;
  return {
    type: 'damaged',
    confidence,
    needsTriage: confidence < threshold,
    customerWants: result.type === 'return_request' || asksForReturn(text) ? 'return' : null,
    rule: result.type === 'damaged' ? null : 'defect_is_damage',
  };
}

const negators = new Set([
  'nao',
  'sem',
  'nenhum',
  'nenhuma',
  'nunca',
  'no',
  'sin',
  'ningun',
  'ninguna',
  'not',
  'without',
  'never',
]);

// Whole words over normalised text (lower case, no accents, one space between words).
const defectCues = [
  // pt
  'quebrad\\w*',
  'quebrou',
  'quebraram',
  'defeit\\w*',
  'avaria\\w*',
  'danificad\\w*',
  'rachad\\w*',
  'trincad\\w*',
  'amassad\\w*',
  'estragad\\w*',
  'nao funciona\\w*',
  'parou de funcionar',
  // es
  'rot[oa]s?',
  'rompi\\w*',
  'danad[oa]s?',
  'defectuos\\w*',
  'defecto',
  'estropead\\w*',
  'aplastad\\w*',
  'rajad\\w*',
  'agrietad\\w*',
  'abollad\\w*',
  'hecho pedazos',
  'no funciona',
  'dejo de funcionar',
  // en
  'broken',
  'broke',
  'damaged',
  'damage',
  'defect\\w*',
  'faulty',
  'cracked',
  'shattered',
  'smashed',
  'dented',
  'torn',
  'not working',
  'stopped working',
  'does ?n ?o?t work',
  'do ?n ?o?t work',
];

const returnCues = [
  'devolv\\w*',
  'devoluc\\w*',
  'reembols\\w*',
  'estorn\\w*',
  'dinheiro de volta',
  'dinero de vuelta',
  'return\\w*',
  'refund\\w*',
  'send (it|this|them) back',
  'money back',
];

function wordsPattern(cues: string[]): RegExp {
  return new RegExp(`(?:^| )(${cues.join('|')})(?= |$)`, 'g');
}
const defectPattern = wordsPattern(defectCues);
const returnPattern = wordsPattern(returnCues);

export function normaliseText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function hasCue(text: string, pattern: RegExp): boolean {
  const norm = normaliseText(text);
  for (const m of norm.matchAll(pattern)) {
    const before = norm.slice(0, m.index).trimEnd().split(' ').pop() ?? '';
    if (!negators.has(before)) return true;
  }
  return false;
}

/** The text says the item is broken, damaged or defective (pt, es, en). */
export function mentionsDefect(text: string): boolean {
  return hasCue(text, defectPattern);
}

/** The text asks to send the item back or to get the money back (pt, es, en). */
export function asksForReturn(text: string): boolean {
  return hasCue(text, returnPattern);
}

/**
 * A summary for a report that gave none: the first sentence of its text, whitespace collapsed,
 * cut at a word boundary with an ellipsis to fit `max` characters.
 */
export function summaryFrom(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentence = /^.+?[.!?…](?=\s|$)/u.exec(flat)?.[0] ?? flat;
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
