import type { Locale } from '../catalog/index.js';
import type { CustomerMessageEvent, IncidentType, RootCause } from '../incidents/index.js';
import type { MessageContent } from './notifications.js';
import { en } from './templates/en.js';
import { es } from './templates/es.js';
import { pt } from './templates/pt.js';
import type { Facts, LocaleTemplates, Sentence } from './templates/template-types.js';

export const templates: Record<Locale, LocaleTemplates> = { en, es, pt };

const placeholder = /\{(\w+)\}/g;

/** The first alternative whose facts are all known, filled; null when none is. */
export function fill(sentence: Sentence, facts: Facts): string | null {
  const alternatives = typeof sentence === 'string' ? [sentence] : sentence;
  for (const text of alternatives) {
    let complete = true;
    const filled = text.replace(placeholder, (_, name: string) => {
      const value = facts[name as keyof Facts];
      if (value === undefined || value === '') complete = false;
      return value ?? '';
    });
    if (complete) return capitalise(filled);
  }
  return null;
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

function fillAll(sentences: readonly Sentence[] | undefined, facts: Facts): string[] {
  return (sentences ?? []).map((s) => fill(s, facts)).filter((s): s is string => s !== null);
}

/** For the parts every message must have: the templates guarantee they fill (tested). */
function fillRequired(sentence: Sentence, facts: Facts, what: string): string {
  const text = fill(sentence, facts);
  if (text === null) throw new Error(`The ${what} template cannot be filled from the facts`);
  return text;
}

export interface ComposeInput {
  locale: Locale;
  event: CustomerMessageEvent;
  incidentType: IncidentType;
  rootCause: RootCause | null;
  facts: Facts;
  link: string;
}

/** The channel-independent content of one message. */
export function composeMessage(input: ComposeInput): MessageContent {
  const t = templates[input.locale];
  const e = t.events[input.event];
  const { facts } = input;
  const happened: string[] = [];
  if (input.event === 'detected' || e.recap) {
    const own = fillAll(t.happened[input.incidentType], facts);
    happened.push(...(own.length > 0 ? own : fillAll(t.happened.other, facts)));
    const why = input.rootCause ? t.why[input.rootCause] : undefined;
    if (why && input.event === 'detected') happened.push(why);
  }
  happened.push(...fillAll(e.happened, facts));
  const survey = input.event === 'survey' || input.event === 'survey_reminder';
  return {
    event: input.event,
    incidentType: input.incidentType,
    locale: input.locale,
    subject: fillRequired(e.subject, facts, `${input.locale} ${input.event} subject`),
    headline: fillRequired(e.headline, facts, `${input.locale} ${input.event} headline`),
    greeting: fillRequired(t.greeting, facts, `${input.locale} greeting`),
    happened,
    doing: fillAll(e.doing, facts),
    choice: fillAll(e.choice, facts),
    link: { url: input.link, label: t.linkLabel },
    scores: survey
      ? t.scores.map((label, i) => ({ score: i + 1, url: scoreUrl(input.link, i + 1), label }))
      : [],
    closing: t.closing,
    signoff: t.signoff,
    short: fillRequired(e.short, facts, `${input.locale} ${input.event} short text`),
  };
}

/** The survey's one-click answer: the status page reads `score` from its own link. */
export function scoreUrl(link: string, score: number): string {
  return `${link}${link.includes('?') ? '&' : '?'}score=${score}`;
}

/** "a, b or c" in the message's language. */
export function joinList(locale: Locale, items: string[], word: 'or' | 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  const last = items[items.length - 1] ?? '';
  return `${items.slice(0, -1).join(', ')} ${templates[locale][word]} ${last}`;
}
