import { readFileSync } from 'node:fs';
import { triageTypes, type TriageType } from './types.js';

/**
 * The labelled Olist reviews (data/README.md in ../shared/data) as training samples, and the one
 * split into train and held-out test used by the training script, the benchmark and the tests.
 *
 * Label mapping (votes of three annotators, summed over the copies of a review):
 *   atrasado → late_delivery; entrega_parcial → missing_item; diferente_do_anunciado →
 *   wrong_item; baixa_qualidade → damaged; devolucao → return_request; outro_entrega,
 *   outro_pedido, satisfeito and antes_prazo → other (satisfied or early is not a complaint).
 *   Votes are summed per type first (one outro_entrega + one satisfeito beat one atrasado),
 *   and the label is the type with the most; reviews with no votes or a tie are dropped (no
 *   agreed label), and so are rows with no text.
 *   What the annotators meant, read from the training part: "never arrived" is mostly
 *   atrasado (late), and "arrived broken / defective" mostly devolucao (return), not
 *   baixa_qualidade, which is about poor material. The mapping keeps their votes as they are.
 * Copies: the file holds one row per order item, so a review of a 3-item order is there 3
 *   times (same answer timestamp, same text). Copies are merged into one sample under the
 *   lowest row id before splitting; otherwise the same review lands in train and test.
 */
export const defaultDataPath = new URL(
  '../../../../shared/data/olist-classified/olist_classified_train.csv',
  import.meta.url,
);

export interface Sample {
  id: string;
  text: string;
  label: TriageType;
}

export interface Dataset {
  rows: number;
  reviews: number;
  dropped: { empty: number; noVotes: number; tie: number };
  samples: Sample[];
}

const voteColumns: Record<TriageType, string[]> = {
  late_delivery: ['votes_atrasado'],
  missing_item: ['votes_entrega_parcial'],
  wrong_item: ['votes_diferente_do_anunciado'],
  damaged: ['votes_baixa_qualidade'],
  return_request: ['votes_devolucao'],
  other: ['votes_outro_entrega', 'votes_outro_pedido', 'votes_satisfeito', 'votes_antes_prazo'],
};

/** RFC 4180: quoted fields may hold commas, newlines and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = (): void => {
    row.push(field);
    field = '';
  };
  const endRow = (): void => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') endRow();
    else if (c === '\r') {
      if (text[i + 1] === '\n') i++;
      endRow();
    } else field += c;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

export function labelOf(votes: Record<TriageType, number>): TriageType | 'tie' | 'none' {
  const best = Math.max(...triageTypes.map((t) => votes[t]));
  if (best <= 0) return 'none';
  const winners = triageTypes.filter((t) => votes[t] === best);
  return winners.length === 1 ? winners[0]! : 'tie';
}

interface Review {
  id: string;
  text: string;
  votes: Record<TriageType, number>;
}

/** One entry per review: copies (same answer time, same text) are merged, their votes summed. */
function mergeCopies(path: string | URL, header: string[], body: string[][]): Review[] {
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${String(path)} has no column ${name}`);
    return i;
  };
  const [id, title, message, answered] = [
    'id',
    'review_comment_title',
    'review_comment_message',
    'review_answer_timestamp',
  ].map(col) as [number, number, number, number];
  const votes = triageTypes.map((t) => [t, voteColumns[t].map(col)] as const);
  const reviews = new Map<string, Review>();
  body.forEach((r, n) => {
    if (r.length !== header.length) throw new Error(`${String(path)}: row ${n + 2} is malformed`);
    const text = `${r[title]!.trim()} ${r[message]!.trim()}`.trim();
    const key = `${r[answered]}\u0000${text}`;
    const zero = Object.fromEntries(triageTypes.map((t) => [t, 0])) as Record<TriageType, number>;
    const review = reviews.get(key) ?? { id: r[id]!, text, votes: zero };
    reviews.set(key, review);
    if (Number(r[id]) < Number(review.id)) review.id = r[id]!;
    for (const [t, cols] of votes) for (const c of cols) review.votes[t] += Number(r[c] || 0);
  });
  return [...reviews.values()];
}

export function loadDataset(path: string | URL = defaultDataPath): Dataset {
  const [header, ...body] = parseCsv(readFileSync(path, 'utf8'));
  if (!header) throw new Error(`${String(path)} is empty`);
  const reviews = mergeCopies(path, header, body);
  const dropped = { empty: 0, noVotes: 0, tie: 0 };
  const samples: Sample[] = [];
  for (const review of reviews) {
    const label = labelOf(review.votes);
    if (review.text === '') dropped.empty++;
    else if (label === 'none') dropped.noVotes++;
    else if (label === 'tie') dropped.tie++;
    else samples.push({ id: review.id, text: review.text, label });
  }
  samples.sort((a, b) => Number(a.id) - Number(b.id));
  return { rows: body.length, reviews: reviews.length, dropped, samples };
}

/** FNV-1a, 32 bits: a stable hash that needs no dependency. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

/** ≈20% of samples, chosen by id, are held out: never used for training or tuning. */
export function isHeldOut(id: string): boolean {
  return fnv1a(id) % 100 < 20;
}

export function splitSamples(samples: Sample[]): { train: Sample[]; test: Sample[] } {
  return {
    train: samples.filter((s) => !isHeldOut(s.id)),
    test: samples.filter((s) => isHeldOut(s.id)),
  };
}
