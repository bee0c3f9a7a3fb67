import type { RootCause } from '../incidents/index.js';
import type { SuggestionEvidence } from './root-causes.queries.js';

/**
 * The root cause suggested from what detection saw, first rule that applies wins. Each rule
 * states its reason in words an operations manager can check.
 */
export interface RootCauseSuggestion {
  incidentId: string;
  suggestion: RootCause;
  confidence: 'high' | 'medium' | 'low';
  reasons: string[];
  /** Other causes worth checking. */
  alternatives: RootCause[];
  /** What the incident carries now (set at detection or by an agent). */
  current: RootCause | null;
}

/** Two SKUs confused at least this often before are a known look-alike pair. */
export const LOOK_ALIKE_MIN_CONFUSIONS = 2;
/** Other incidents of the same type on one supplier's products (90 days) that point to it. */
export const SUPPLIER_MIN_SIMILAR = 2;

type Rule = (e: SuggestionEvidence) => Omit<RootCauseSuggestion, 'incidentId' | 'current'> | null;

const carrierTypes = ['damaged', 'lost', 'late_delivery'];

const rules: Rule[] = [
  (e) => {
    const pair = e.pairs[0];
    if (!pair) return null;
    const known = pair.catalogLookAlike || pair.confusedBefore >= LOOK_ALIKE_MIN_CONFUSIONS;
    if (!known) {
      return {
        suggestion: 'picking_error',
        confidence: 'medium',
        reasons: [
          `${pair.actual} was sent for ${pair.expected}; the two are not listed as look-alikes ` +
            `and were confused ${pair.confusedBefore} time(s) before`,
        ],
        alternatives: ['look_alike_sku', 'bin_location_error'],
      };
    }
    return {
      suggestion: 'look_alike_sku',
      confidence: pair.confusedBefore >= LOOK_ALIKE_MIN_CONFUSIONS ? 'high' : 'medium',
      reasons: [
        `${pair.actual} was sent for ${pair.expected}: ` +
          (pair.catalogLookAlike ? 'the catalog lists them as look-alikes' : 'a pair') +
          ` confused ${pair.confusedBefore} time(s) before`,
      ],
      alternatives: ['picking_error', 'bin_location_error'],
    };
  },
  (e) => {
    if (!e.staleFeed || !['stockout', 'missing_item'].includes(e.incident.type)) return null;
    return {
      suggestion: 'inventory_desync',
      confidence: 'high',
      reasons: [
        `the location's stock feed was stale when the incident was detected (last feed ` +
          `${e.staleFeed.lastFeedAt}, tolerance ${e.staleFeed.toleranceMinutes} min)`,
      ],
      alternatives: ['bin_location_error'],
    };
  },
  (e) => {
    const address = e.carrierEvents.find(
      (c) =>
        c.type === 'returned_to_sender' ||
        (c.type === 'exception' && /address|addressee|recipient/i.test(c.description ?? '')),
    );
    if (!address) return null;
    return {
      suggestion: 'address_error',
      confidence: 'medium',
      reasons: [
        `the carrier reported ${address.type}${address.description ? `: ${address.description}` : ''}`,
      ],
      alternatives: ['carrier_damage'],
    };
  },
  (e) => {
    const signal = e.carrierEvents.find((c) => ['damaged', 'lost', 'exception'].includes(c.type));
    const fromCarrier = e.incident.source === 'carrier' || signal !== undefined;
    if (!fromCarrier || !carrierTypes.includes(e.incident.type)) return null;
    return {
      suggestion: 'carrier_damage',
      confidence: signal ? 'high' : 'medium',
      reasons: [
        signal
          ? `the carrier reported ${signal.type} on the shipment`
          : 'the carrier’s tracking events opened the incident',
      ],
      alternatives: ['supplier_defect'],
    };
  },
  (e) => {
    if (!e.supplier || e.supplier.similarIncidents < SUPPLIER_MIN_SIMILAR) return null;
    if (!['damaged', 'wrong_item', 'other', 'return_request'].includes(e.incident.type))
      return null;
    return {
      suggestion: 'supplier_defect',
      confidence: e.supplier.similarIncidents >= 2 * SUPPLIER_MIN_SIMILAR ? 'high' : 'medium',
      reasons: [
        `${e.supplier.similarIncidents} other ${e.incident.type} incident(s) on products of ` +
          `supplier ${e.supplier.id} in the 90 days before`,
      ],
      alternatives: ['carrier_damage'],
    };
  },
  (e) => {
    if (!['stockout', 'missing_item'].includes(e.incident.type)) return null;
    const rejected = e.incident.facts?.cause === 'store_rejection';
    return {
      suggestion: rejected ? 'bin_location_error' : 'inventory_desync',
      confidence: 'low',
      reasons: [
        rejected
          ? 'the store could not find units its stock record showed, with a fresh feed'
          : 'the stock record promised units that were not there',
      ],
      alternatives: rejected ? ['inventory_desync'] : ['bin_location_error', 'picking_error'],
    };
  },
];

export function suggestRootCause(e: SuggestionEvidence): RootCauseSuggestion {
  const current = (e.incident.rootCause as RootCause | null) ?? null;
  for (const rule of rules) {
    const hit = rule(e);
    if (hit) return { incidentId: e.incident.id, current, ...hit };
  }
  return {
    incidentId: e.incident.id,
    current,
    suggestion: current ?? 'other',
    confidence: 'low',
    reasons: [
      current
        ? 'no rule applies; the cause given at detection stands'
        : 'no rule applies to what detection recorded',
    ],
    alternatives: [],
  };
}
