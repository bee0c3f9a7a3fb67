import {
  isPublicTextKey,
  type PublicText,
  type PublicTextKey,
  type PublicTextParams,
  type Units,
} from '../incidents/index.js';
import { optionTitle, optionWords } from './option-words.js';
import type { OptionKind, StepKind } from '../remedies/index.js';
import {
  formatMoney,
  formatWhen,
  intlLocale,
  texts,
  type PageLocale,
} from './status-page.texts.js';

/**
 * The public timeline told in the customer's language: each text key written by the system
 * (incidents' `PublicText`) has a sentence per locale, filled from the entry's facts with money,
 * dates and lists formatted for the locale.
 */
export interface Fmt {
  money(amount: number, currency: string): string;
  date(iso: string, withTime: boolean): string;
  /** "1 × Oak lamp and 2 × Mug", with product names where known. */
  items(units: Units[]): string;
  list(items: string[], word: 'and' | 'or'): string;
  percent(bp: number): string;
  option(kind: string, actions?: string[]): { title: string; customerGets: string };
}

type Sentences = { [K in PublicTextKey]: (p: PublicTextParams[K], f: Fmt) => string };

/** The value of a voucher: money, or a percent with its cap. */
function voucherValue(p: PublicTextParams['voucher_issued'], f: Fmt, off: string, upTo: string) {
  if (p.percentBp === null) return f.money(p.amount ?? 0, p.currency);
  const percent = `${f.percent(p.percentBp)} ${off}`;
  return p.maxAmount === null
    ? percent
    : `${percent} (${upTo} ${f.money(p.maxAmount, p.currency)})`;
}

function chosen(p: PublicTextParams['option_chosen'], f: Fmt, lead: Record<string, string>) {
  const o = f.option(p.kind, p.actions);
  const how = lead[p.via] ?? lead.customer;
  return `${how}: ${o.title}.${o.customerGets ? ` ${o.customerGets}` : ''}`;
}

function offered(p: PublicTextParams['options_offered'], f: Fmt) {
  const titles = p.options.map((o) => f.option(o.kind).title);
  const def = p.options.find((o) => o.isDefault);
  return { list: f.list(titles, 'or'), def: def ? f.option(def.kind).title : null };
}

const level = {
  en: { same_day: 'same-day delivery', express: 'express delivery', standard: 'standard delivery' },
  es: { same_day: 'entrega en el día', express: 'entrega exprés', standard: 'entrega estándar' },
  pt: {
    same_day: 'entrega no próprio dia',
    express: 'entrega expresso',
    standard: 'entrega normal',
  },
} as Record<PageLocale, Record<string, string | undefined>>;

const howChosen: Record<PageLocale, Record<string, string>> = {
  en: {
    customer: 'You chose',
    agent: 'Agreed with our team',
    policy: 'We are going ahead straight away with',
    deadline: 'No choice came by the deadline, so we are going ahead with the recommended option',
    expiry: 'The reservation was not collected, so we are going ahead with',
  },
  es: {
    customer: 'Has elegido',
    agent: 'Acordado con nuestro equipo',
    policy: 'Nos ponemos en marcha enseguida con',
    deadline: 'No recibimos tu elección a tiempo, así que seguimos con la opción recomendada',
    expiry: 'La reserva no se recogió, así que seguimos con',
  },
  pt: {
    customer: 'Escolheu',
    agent: 'Combinado com a nossa equipa',
    policy: 'Avançamos já com',
    deadline: 'Não recebemos a sua escolha a tempo, por isso avançamos com a opção recomendada',
    expiry: 'A reserva não foi levantada, por isso avançamos com',
  },
};

const en: Sentences = {
  voucher_issued: (p, f) =>
    `We sent you a voucher of ${voucherValue(p, f, 'off', 'up to')}: your code is ${p.code}.`,
  refund_issued: (p, f) =>
    p.toStoreCredit
      ? `We refunded ${f.money(p.amount, p.currency)} as store credit on ${f.date(p.issuedAt, false)}.`
      : `We refunded ${f.money(p.amount, p.currency)} to your original payment method on ${f.date(p.issuedAt, false)}; expect it on your statement by ${f.date(p.expectedBy, false)}.`,
  store_credit_added: (p, f) =>
    `We added ${f.money(p.amount, p.currency)} to your store credit` +
    (p.expiresAt ? `, to spend by ${f.date(p.expiresAt, false)}.` : '.'),
  options_offered: (p, f) => {
    const o = offered(p, f);
    return (
      `Here is what we can do: ${o.list}.` +
      (o.def && p.deadlineAt
        ? ` If you do not choose by ${f.date(p.deadlineAt, true)}, we will go ahead with: ${o.def}.`
        : '')
    );
  },
  option_chosen: (p, f) => chosen(p, f, howChosen.en),
  plan_finished: () => 'Everything we promised is done.',
  plan_failed: () => 'Something stopped our fix; a person is taking over and will contact you.',
  reship_sent: (p, f) =>
    `We are sending ${f.items(p.units)} again (${level.en[p.serviceLevel] ?? 'delivery'} by ${f.date(p.promisedAt, true)}).`,
  missing_sent: (p, f) =>
    `We are sending the missing ${f.items(p.units)} (by ${f.date(p.promisedAt, true)}).`,
  backorder_waiting: (p, f) =>
    `${f.items(p.units)} will follow first as soon as it is back in stock` +
    (p.restockAt ? `, expected around ${f.date(p.restockAt, false)}.` : '.'),
  backorder_allocated: (p, f) =>
    `${f.items(p.units)} is back in stock and on its way from ${p.fromLocation} (${level.en[p.serviceLevel] ?? 'delivery'} by ${f.date(p.promisedAt, true)}).`,
  lines_cancelled: (p, f) => `${f.items(p.units)} is cancelled on your order.`,
  pickup_booked: (p, f) =>
    `A free pickup of ${f.items(p.units)} is booked between ${f.date(p.from, true)} and ${f.date(p.to, true)}.`,
  pickup_received: (p, f) => `We received ${f.items(p.units)} back.`,
  reservation_ready: (p, f) =>
    `${f.items(p.units)} is waiting for you at ${p.store} until ${f.date(p.until, true)}: show the pickup code ${p.code}.`,
  reservation_collected: () => 'You collected your item at the store.',
  reservation_expired: (p, f) =>
    `The reservation was not collected by ${f.date(p.at, true)} and is released.`,
  message_sent: (p) =>
    `${{ email: 'We sent you an email', sms: 'We sent you an SMS', chat: 'We sent you a chat message' }[p.channel]}: “${p.quote}”`,
  pickup_window_booked: (p, f) => texts.en.windowBooked(f.date(p.from, true), f.date(p.to, true)),
  callback_requested: () => 'You asked for someone from our team to contact you.',
  photos_received: (p) => `${texts.en.photoSent} (${p.files.join(', ')})`,
};

const es: Sentences = {
  voucher_issued: (p, f) =>
    `Te hemos enviado un vale de ${voucherValue(p, f, 'de descuento', 'hasta')}: tu código es ${p.code}.`,
  refund_issued: (p, f) =>
    p.toStoreCredit
      ? `Te hemos reembolsado ${f.money(p.amount, p.currency)} como saldo en la tienda el ${f.date(p.issuedAt, false)}.`
      : `Te hemos reembolsado ${f.money(p.amount, p.currency)} a tu medio de pago original el ${f.date(p.issuedAt, false)}; lo verás en tu extracto antes del ${f.date(p.expectedBy, false)}.`,
  store_credit_added: (p, f) =>
    `Hemos añadido ${f.money(p.amount, p.currency)} a tu saldo en la tienda` +
    (p.expiresAt ? `, para usar antes del ${f.date(p.expiresAt, false)}.` : '.'),
  options_offered: (p, f) => {
    const o = offered(p, f);
    return (
      `Esto es lo que podemos hacer: ${o.list}.` +
      (o.def && p.deadlineAt
        ? ` Si no eliges antes del ${f.date(p.deadlineAt, true)}, seguiremos con: ${o.def}.`
        : '')
    );
  },
  option_chosen: (p, f) => chosen(p, f, howChosen.es),
  plan_finished: () => 'Todo lo que te prometimos está hecho.',
  plan_failed: () =>
    'Algo ha impedido nuestra solución; una persona se encarga ahora y se pondrá en contacto contigo.',
  reship_sent: (p, f) =>
    `Te volvemos a enviar ${f.items(p.units)} (${level.es[p.serviceLevel] ?? 'entrega'} antes del ${f.date(p.promisedAt, true)}).`,
  missing_sent: (p, f) =>
    `Te enviamos lo que faltaba, ${f.items(p.units)} (antes del ${f.date(p.promisedAt, true)}).`,
  backorder_waiting: (p, f) =>
    `${f.items(p.units)} saldrá primero en cuanto vuelva a haber existencias` +
    (p.restockAt ? `, previsto hacia el ${f.date(p.restockAt, false)}.` : '.'),
  backorder_allocated: (p, f) =>
    `${f.items(p.units)} vuelve a estar disponible y va de camino desde ${p.fromLocation} (${level.es[p.serviceLevel] ?? 'entrega'} antes del ${f.date(p.promisedAt, true)}).`,
  lines_cancelled: (p, f) => `Hemos cancelado ${f.items(p.units)} de tu pedido.`,
  pickup_booked: (p, f) =>
    `Hemos reservado una recogida gratuita de ${f.items(p.units)} entre el ${f.date(p.from, true)} y el ${f.date(p.to, true)}.`,
  pickup_received: (p, f) => `Hemos recibido ${f.items(p.units)} de vuelta.`,
  reservation_ready: (p, f) =>
    `${f.items(p.units)} te espera en ${p.store} hasta el ${f.date(p.until, true)}: enseña el código de recogida ${p.code}.`,
  reservation_collected: () => 'Has recogido tu artículo en la tienda.',
  reservation_expired: (p, f) =>
    `La reserva no se recogió antes del ${f.date(p.at, true)} y se ha liberado.`,
  message_sent: (p) =>
    `${{ email: 'Te hemos enviado un correo', sms: 'Te hemos enviado un SMS', chat: 'Te hemos enviado un mensaje por chat' }[p.channel]}: “${p.quote}”`,
  pickup_window_booked: (p, f) => texts.es.windowBooked(f.date(p.from, true), f.date(p.to, true)),
  callback_requested: () =>
    'Has pedido que alguien de nuestro equipo se ponga en contacto contigo.',
  photos_received: (p) => `${texts.es.photoSent} (${p.files.join(', ')})`,
};

const pt: Sentences = {
  voucher_issued: (p, f) =>
    `Enviámos-lhe um vale de ${voucherValue(p, f, 'de desconto', 'até')}: o seu código é ${p.code}.`,
  refund_issued: (p, f) =>
    p.toStoreCredit
      ? `Reembolsámos ${f.money(p.amount, p.currency)} em saldo na loja a ${f.date(p.issuedAt, false)}.`
      : `Reembolsámos ${f.money(p.amount, p.currency)} para o seu meio de pagamento original a ${f.date(p.issuedAt, false)}; deverá aparecer no seu extrato até ${f.date(p.expectedBy, false)}.`,
  store_credit_added: (p, f) =>
    `Adicionámos ${f.money(p.amount, p.currency)} ao seu saldo na loja` +
    (p.expiresAt ? `, para usar até ${f.date(p.expiresAt, false)}.` : '.'),
  options_offered: (p, f) => {
    const o = offered(p, f);
    return (
      `Eis o que podemos fazer: ${o.list}.` +
      (o.def && p.deadlineAt
        ? ` Se não escolher até ${f.date(p.deadlineAt, true)}, avançamos com: ${o.def}.`
        : '')
    );
  },
  option_chosen: (p, f) => chosen(p, f, howChosen.pt),
  plan_finished: () => 'Tudo o que lhe prometemos está feito.',
  plan_failed: () =>
    'Algo impediu a nossa solução; uma pessoa da nossa equipa vai tratar do assunto e contactá-lo.',
  reship_sent: (p, f) =>
    `Vamos enviar-lhe de novo ${f.items(p.units)} (${level.pt[p.serviceLevel] ?? 'entrega'} até ${f.date(p.promisedAt, true)}).`,
  missing_sent: (p, f) =>
    `Vamos enviar-lhe o que faltava, ${f.items(p.units)} (até ${f.date(p.promisedAt, true)}).`,
  backorder_waiting: (p, f) =>
    `${f.items(p.units)} segue primeiro assim que voltar a haver stock` +
    (p.restockAt ? `, previsto por volta de ${f.date(p.restockAt, false)}.` : '.'),
  backorder_allocated: (p, f) =>
    `${f.items(p.units)} voltou a estar disponível e está a caminho a partir de ${p.fromLocation} (${level.pt[p.serviceLevel] ?? 'entrega'} até ${f.date(p.promisedAt, true)}).`,
  lines_cancelled: (p, f) => `Cancelámos ${f.items(p.units)} da sua encomenda.`,
  pickup_booked: (p, f) =>
    `Marcámos uma recolha gratuita de ${f.items(p.units)} entre ${f.date(p.from, true)} e ${f.date(p.to, true)}.`,
  pickup_received: (p, f) => `Recebemos de volta ${f.items(p.units)}.`,
  reservation_ready: (p, f) =>
    `${f.items(p.units)} está à sua espera em ${p.store} até ${f.date(p.until, true)}: mostre o código de levantamento ${p.code}.`,
  reservation_collected: () => 'Levantou o seu artigo na loja.',
  reservation_expired: (p, f) =>
    `A reserva não foi levantada até ${f.date(p.at, true)} e foi libertada.`,
  message_sent: (p) =>
    `${{ email: 'Enviámos-lhe um email', sms: 'Enviámos-lhe um SMS', chat: 'Enviámos-lhe uma mensagem no chat' }[p.channel]}: “${p.quote}”`,
  pickup_window_booked: (p, f) => texts.pt.windowBooked(f.date(p.from, true), f.date(p.to, true)),
  callback_requested: () => 'Pediu que alguém da nossa equipa o contacte.',
  photos_received: (p) => `${texts.pt.photoSent} (${p.files.join(', ')})`,
};

export const timelineTexts: Record<PageLocale, Sentences> = { en, es, pt };

/** Formatting for one page: the locale's money, dates and lists, and the products' names. */
export function formatterFor(locale: PageLocale, productNames: ReadonlyMap<string, string>): Fmt {
  const tag = intlLocale(locale);
  const list = (items: string[], word: 'and' | 'or') =>
    new Intl.ListFormat(tag, { type: word === 'and' ? 'conjunction' : 'disjunction' }).format(
      items,
    );
  return {
    money: (amount, currency) => formatMoney(locale, amount, currency),
    date: (iso, withTime) => formatWhen(locale, iso, withTime),
    items: (units) =>
      list(
        units.map((u) => `${u.qty} × ${productNames.get(u.sku) ?? u.sku}`),
        'and',
      ),
    list,
    percent: (bp) =>
      new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 2 }).format(
        bp / 10_000,
      ),
    option: (kind, actions) => {
      const title = optionTitle(locale, kind) ?? kind;
      if (!actions) return { title, customerGets: '' };
      const words = optionWords(locale, {
        kind: kind as OptionKind,
        actions: actions as StepKind[],
      });
      return { title, customerGets: words.customerGets };
    },
  };
}

/** The entry's sentence in the locale, or null for an entry without a key this page knows. */
export function tellPublicText(locale: PageLocale, text: PublicText | null, f: Fmt): string | null {
  if (!text || !isPublicTextKey(text.key)) return null;
  const sentence = timelineTexts[locale][text.key] as (p: unknown, f: Fmt) => string;
  return sentence(text.params, f);
}

/** The SKUs a text names, to look their products' names up once per page. */
export function skusOf(text: PublicText | null): string[] {
  const units = (text?.params as { units?: unknown } | undefined)?.units;
  return Array.isArray(units) ? units.map((u: Units) => u.sku) : [];
}
