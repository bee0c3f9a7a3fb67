import type { Config } from '../../config.js';
import type { Executor } from '../../db/database.js';
import { findCustomerById, findProductsBySku, type Customer } from '../catalog/index.js';
import { getIncident, type CustomerMessageEvent, type IncidentDetail } from '../incidents/index.js';
import { findOrderHeader } from '../orders/index.js';
import { loadTokenSecret, trackingLink } from '../status-page/index.js';
import type { Clock } from '../../shared/clock.js';
import { DAY } from '../../shared/clock.js';
import { composeMessage } from './compose.js';
import { buildFacts } from './facts.js';
import {
  defaultChannels,
  defaultQuietHours,
  defaultTimezone,
  type ContactPreferences,
  type MessageContent,
  type SendChannel,
} from './notifications.js';
import { findPreferences } from './notifications.repository.js';
import type { Facts } from './templates/template-types.js';
import type { Locale } from '../catalog/index.js';

/** Everything a message to the customer of an incident is made from. */
export interface Audience {
  incident: IncidentDetail;
  customer: Customer;
  prefs: ContactPreferences;
  orderRef: string;
  currency: string;
  productNames: Map<string, string>;
}

/** How long a status-page link in a message stays valid. */
export const LINK_VALID_MS = 30 * DAY;

export function defaultPreferences(customerId: string): ContactPreferences {
  return {
    customerId,
    channels: [...defaultChannels],
    smsConsent: false,
    smsConsentAt: null,
    quietHours: { ...defaultQuietHours },
    timezone: defaultTimezone,
    isDefault: true,
    updatedAt: null,
  };
}

export async function preferencesOf(db: Executor, customerId: string) {
  return (await findPreferences(db, customerId)) ?? defaultPreferences(customerId);
}

/** Null when the incident has no customer to tell. */
export async function loadAudience(
  db: Executor,
  incidentId: string,
  clock: Clock,
): Promise<Audience | null> {
  const incident = await getIncident(db, incidentId, clock);
  if (!incident.customerId) return null;
  const customer = await findCustomerById(db, incident.customerId);
  if (!customer) return null;
  const order = incident.orderId ? await findOrderHeader(db, incident.orderId) : undefined;
  const skus = incident.lines.flatMap((l) => [l.expectedSku, l.actualSku]).filter(Boolean);
  const products = await findProductsBySku(db, [...new Set(skus)] as string[]);
  return {
    incident,
    customer,
    prefs: await preferencesOf(db, customer.id),
    orderRef: order?.externalId ?? incident.id.slice(-8).toUpperCase(),
    currency: order?.currency ?? 'EUR',
    productNames: new Map(products.map((p) => [p.sku, p.name])),
  };
}

/** The address of the customer on a channel, if they can be reached there. */
export function recipientOn(a: Pick<Audience, 'customer' | 'prefs'>, channel: SendChannel) {
  if (!a.prefs.channels.includes(channel)) return null;
  switch (channel) {
    case 'email':
      return a.customer.email;
    case 'sms':
      return a.prefs.smsConsent ? a.customer.phone : null;
    case 'chat':
      return a.customer.id;
  }
}

/** The first channel of the customer's order of preference on which they can be reached. */
export function chooseChannel(a: Audience): { channel: SendChannel; recipient: string } | null {
  for (const channel of a.prefs.channels) {
    const recipient = recipientOn(a, channel);
    if (recipient) return { channel, recipient };
  }
  return null;
}

export async function linkFor(db: Executor, config: Config, a: Audience, now: Date) {
  await loadTokenSecret(db, config, now.toISOString());
  return trackingLink(config, {
    incidentId: a.incident.id,
    customerId: a.customer.id,
    expiresAt: new Date(now.getTime() + LINK_VALID_MS).toISOString(),
  });
}

export function contentFor(
  a: Audience,
  m: { event: CustomerMessageEvent; data: Record<string, unknown> | undefined; link: string },
  locale: Locale = a.customer.locale,
): { content: MessageContent; facts: Facts } {
  const facts = buildFacts({
    locale,
    timezone: a.prefs.timezone,
    customerName: a.customer.name,
    orderRef: a.orderRef,
    currency: a.currency,
    incidentFacts: a.incident.facts,
    lines: a.incident.lines,
    productNames: a.productNames,
    data: m.data,
  });
  const content = composeMessage({
    locale,
    event: m.event,
    incidentType: a.incident.type,
    rootCause: a.incident.rootCause,
    facts,
    link: m.link,
  });
  return { content, facts };
}
