import {
  dims,
  type CostFact,
  type DimKeys,
  type Facts,
  type IncidentClass,
  type IncidentFact,
  type OrderFact,
  type RefundFact,
  type SurveyFact,
} from './analytics.js';

/**
 * How `analytics_facts` stores what an order or incident last counted: JSON arrays by position
 * instead of objects by name (breakdown keys in the order of `dims`, flags as bits), about a
 * third of the size, since this table holds a row per order. The encoding is deterministic, so
 * equal facts give equal text and a fold compares the text to skip what did not change.
 */

type Json = string | number | null | Json[];

function encodeDims(keys: DimKeys): Json[] {
  const out: Json[] = dims.map((d) => keys[d] ?? null);
  while (out.length > 0 && out.at(-1) === null) out.pop();
  return out;
}

function decodeDims(list: Json[]): DimKeys {
  const out: DimKeys = {};
  list.forEach((v, i) => {
    const dim = dims[i];
    if (dim && typeof v === 'string') out[dim] = v;
  });
  return out;
}

const tri = (v: boolean | null): number => (v === null ? 2 : v ? 1 : 0);
const unTri = (v: Json): boolean | null => (v === 2 ? null : v === 1);

function encodeOrder(o: OrderFact): Json[] {
  const flags =
    (o.delivered ? 1 : 0) | (o.full ? 2 : 0) | (o.perfect ? 4 : 0) | (o.errorReturn ? 8 : 0);
  const lines: Json[] = [];
  for (const l of o.lines) lines.push((l.shipped ? 1 : 0) | (l.error ? 2 : 0), l.supplier);
  return [o.day, encodeDims(o.dims), flags, o.control ? tri(o.control.repeat) : 3, lines];
}

function decodeOrder(a: Json[]): OrderFact {
  const [day, dimList, flags, control, lines] = a as [string, Json[], number, number, Json[]];
  const out: OrderFact['lines'] = [];
  for (let i = 0; i < lines.length; i += 2) {
    const bits = lines[i] as number;
    out.push({
      shipped: (bits & 1) !== 0,
      error: (bits & 2) !== 0,
      supplier: lines[i + 1] as string,
    });
  }
  return {
    day,
    dims: decodeDims(dimList),
    delivered: (flags & 1) !== 0,
    full: (flags & 2) !== 0,
    perfect: (flags & 4) !== 0,
    errorReturn: (flags & 8) !== 0,
    control: control === 3 ? null : { repeat: control === 1 },
    lines: out,
  };
}

const classes: IncidentClass[] = ['customer', 'caught', 'dismissed'];

function encodeIncident(i: IncidentFact): Json[] {
  const r = i.resolution;
  return [
    i.id,
    i.detectedDay,
    encodeDims(i.dims),
    classes.indexOf(i.class),
    i.escalated ? 1 : 0,
    i.notifyMs,
    r ? [r.day, r.ms, tri(r.repeat)] : null,
  ];
}

function decodeIncident(a: Json[]): IncidentFact {
  const [id, detectedDay, dimList, cls, escalated, notifyMs, r] = a as [
    string,
    string,
    Json[],
    number,
    number,
    number | null,
    [string, number, number] | null,
  ];
  return {
    id,
    detectedDay,
    dims: decodeDims(dimList),
    class: classes[cls] ?? 'customer',
    escalated: escalated === 1,
    notifyMs,
    resolution: r ? { day: r[0], ms: r[1], repeat: unTri(r[2]) } : null,
  };
}

const encodeRefund = (r: RefundFact): Json[] => [r.day, encodeDims(r.dims), r.ms];
const decodeRefund = (a: Json[]): RefundFact => ({
  day: a[0] as string,
  dims: decodeDims(a[1] as Json[]),
  ms: a[2] as number | null,
});

const encodeSurvey = (s: SurveyFact): Json[] => [
  s.sentDay,
  s.answeredDay,
  s.score,
  encodeDims(s.dims),
];
const decodeSurvey = (a: Json[]): SurveyFact => ({
  sentDay: a[0] as string | null,
  answeredDay: a[1] as string | null,
  score: a[2] as number | null,
  dims: decodeDims(a[3] as Json[]),
});

const encodeCost = (c: CostFact): Json[] => [
  c.day,
  encodeDims(c.dims),
  c.party,
  c.kind,
  c.currency,
  c.amount,
];
const decodeCost = (a: Json[]): CostFact => ({
  day: a[0] as string,
  dims: decodeDims(a[1] as Json[]),
  party: a[2] as string,
  kind: a[3] as string,
  currency: a[4] as string,
  amount: a[5] as number,
});

/** One entity's facts as stored: `[orders, incidents, refunds, surveys, costs]`, empty tails cut. */
export function encodeFacts(f: Partial<Facts>): string {
  const parts: Json[][] = [
    (f.orders ?? []).map(encodeOrder),
    (f.incidents ?? []).map(encodeIncident),
    (f.refunds ?? []).map(encodeRefund),
    (f.surveys ?? []).map(encodeSurvey),
    (f.costs ?? []).map(encodeCost),
  ];
  while (parts.length > 0 && parts.at(-1)?.length === 0) parts.pop();
  return JSON.stringify(parts);
}

export function decodeFacts(text: string): Facts {
  // Facts first stored as named objects (before this encoding) read as they were written.
  if (text.startsWith('{')) return { ...emptyFacts(), ...(JSON.parse(text) as Partial<Facts>) };
  const [orders = [], incidents = [], refunds = [], surveys = [], costs = []] = JSON.parse(
    text,
  ) as Json[][][];
  return {
    orders: orders.map(decodeOrder),
    incidents: incidents.map(decodeIncident),
    refunds: refunds.map(decodeRefund),
    surveys: surveys.map(decodeSurvey),
    costs: costs.map(decodeCost),
  };
}

function emptyFacts(): Facts {
  return { orders: [], incidents: [], refunds: [], surveys: [], costs: [] };
}
