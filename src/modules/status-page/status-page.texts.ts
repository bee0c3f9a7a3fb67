import type { IncidentState, IncidentType } from '../incidents/index.js';

/** Every word the customer reads on the status page, in each language the store speaks. */
export const pageLocales = ['en', 'es', 'pt'] as const;
export type PageLocale = (typeof pageLocales)[number];

export function pageLocaleOf(locale: string | undefined): PageLocale {
  return (pageLocales as readonly string[]).includes(locale ?? '') ? (locale as PageLocale) : 'en';
}

type ShownState = Exclude<IncidentState, 'caught'>;

interface Texts {
  title: string;
  orderHeading: (ref: string) => string;
  hello: (name: string) => string;
  caseHeading: (n: number) => string;
  whatHappened: string;
  whereWeAre: string;
  states: Record<ShownState, { headline: string; detail: string }>;
  types: Record<IncidentType, string>;
  options: string;
  chooseLegend: string;
  confirmChoice: string;
  recommended: string;
  youChose: (when: string) => string;
  defaultNote: (when: string) => string;
  chooseBy: (when: string) => string;
  value: string;
  bonus: string;
  when: string;
  deadlines: string;
  resolveBy: (when: string) => string;
  refund: string;
  refundStates: Record<
    'requested' | 'approved' | 'issued' | 'settled' | 'failed' | 'cancelled',
    string
  >;
  refundIssued: (amount: string, on: string, by: string) => string;
  refundDue: (when: string) => string;
  restock: (when: string) => string;
  pickup: string;
  pickupCode: (code: string) => string;
  pickupUntil: (when: string) => string;
  pickupWindow: string;
  pickupFrom: string;
  pickupTo: string;
  bookWindow: string;
  windowBooked: (from: string, to: string) => string;
  timeline: string;
  you: string;
  ourTeam: string;
  events: Record<'created' | 'contact' | 'notified' | 'note' | 'update', string>;
  photo: string;
  photoLabel: string;
  photoHint: string;
  send: string;
  photoSent: string;
  talk: string;
  talkHint: string;
  talkMessage: string;
  talkButton: string;
  talked: string;
  survey: string;
  surveyLegend: string;
  scores: [string, string, string, string, string];
  comment: string;
  sendSurvey: string;
  surveyThanks: string;
  updated: string;
  working: string;
  failed: string;
  notFoundTitle: string;
  notFoundBody: string;
  linkExpires: (when: string) => string;
}

const en: Texts = {
  title: 'Your order: what happened and what we are doing',
  orderHeading: (ref) => `Order ${ref}`,
  hello: (name) => `Hello ${name}, here is everything about the problem with your order.`,
  caseHeading: (n) => `Problem ${n}`,
  whatHappened: 'What happened',
  whereWeAre: 'Where we are',
  states: {
    detected: { headline: 'We found a problem', detail: 'We are checking what happened.' },
    verified: { headline: 'We confirmed the problem', detail: 'We are preparing a solution.' },
    awaiting_customer: {
      headline: 'Waiting for your choice',
      detail: 'Choose how you would like us to put it right.',
    },
    resolving: { headline: 'We are putting it right', detail: 'Your solution is under way.' },
    resolved: { headline: 'Sorted', detail: 'Everything should now be fixed.' },
    closed: { headline: 'Closed', detail: 'This case is closed.' },
    dismissed: {
      headline: 'No action needed',
      detail: 'We checked, and there is no problem after all.',
    },
    reopened: { headline: 'We are looking at it again', detail: 'We will be back to you soon.' },
  },
  types: {
    wrong_item: 'An item in your order is not the one you ordered.',
    missing_item: 'An item is missing from your order.',
    wrong_quantity: 'Your order has the wrong quantity of an item.',
    extra_item: 'Your order contains an item you did not order.',
    stockout: 'An item you ordered is out of stock.',
    late_delivery: 'Your delivery is late.',
    damaged: 'An item arrived damaged.',
    lost: 'Your parcel was lost on the way.',
    return_request: 'You asked to return an item.',
    other: 'Something went wrong with your order.',
  },
  options: 'Your options',
  chooseLegend: 'Choose how we put it right',
  confirmChoice: 'Confirm my choice',
  recommended: 'Recommended',
  youChose: (when) => `You chose this on ${when}.`,
  defaultNote: (when) =>
    `If you do not choose by ${when}, we will go ahead with the recommended option.`,
  chooseBy: (when) => `Choose by ${when}`,
  value: 'Value',
  bonus: 'Extra',
  when: 'When',
  deadlines: 'Dates to know',
  resolveBy: (when) => `We aim to have this sorted by ${when}.`,
  refund: 'Your refund',
  refundStates: {
    requested: 'Requested',
    approved: 'Approved, being sent',
    issued: 'Sent',
    settled: 'Completed',
    failed: 'Could not be sent: we are on it',
    cancelled: 'Cancelled',
  },
  refundIssued: (amount, on, by) =>
    `${amount} issued on ${on}, expected on your statement by ${by}.`,
  refundDue: (when) => `We will send it by ${when}.`,
  restock: (when) => `Back in stock around ${when}.`,
  pickup: 'Pickup',
  pickupCode: (code) => `Your pickup code: ${code}`,
  pickupUntil: (when) => `Reserved for you until ${when}.`,
  pickupWindow: 'Book a time for us to collect the item',
  pickupFrom: 'From',
  pickupTo: 'To',
  bookWindow: 'Book this time',
  windowBooked: (from, to) => `Collection booked between ${from} and ${to}.`,
  timeline: 'What has happened so far',
  you: 'You',
  ourTeam: 'Our team',
  events: {
    created: 'Case opened',
    contact: 'Message',
    notified: 'We sent you a message',
    note: 'Update from our team',
    update: 'Update',
  },
  photo: 'Send us a photo',
  photoLabel: 'Photo of the item or the parcel',
  photoHint: 'JPEG, PNG, WebP or HEIC.',
  send: 'Send',
  photoSent: 'Thank you, we received your photo.',
  talk: 'Talk to a person',
  talkHint: 'Someone from our team will contact you.',
  talkMessage: 'What would you like to tell us? (optional)',
  talkButton: 'Ask for a call back',
  talked: 'We have asked a member of our team to contact you.',
  survey: 'How did we do?',
  surveyLegend: 'How happy are you with how we handled this?',
  scores: ['1 – Very unhappy', '2 – Unhappy', '3 – Neutral', '4 – Happy', '5 – Very happy'],
  comment: 'Anything you would like to add? (optional)',
  sendSurvey: 'Send my answer',
  surveyThanks: 'Thank you for your answer.',
  updated: 'This page was updated.',
  working: 'Sending…',
  failed: 'That did not work. Please try again.',
  notFoundTitle: 'Page not found',
  notFoundBody:
    'This link does not open a page. It may be mistyped or no longer valid. The latest message we sent you has a working link.',
  linkExpires: (when) => `This link works until ${when}.`,
};

const es: Texts = {
  title: 'Tu pedido: qué ha pasado y qué estamos haciendo',
  orderHeading: (ref) => `Pedido ${ref}`,
  hello: (name) => `Hola ${name}, aquí tienes todo sobre el problema con tu pedido.`,
  caseHeading: (n) => `Problema ${n}`,
  whatHappened: 'Qué ha pasado',
  whereWeAre: 'En qué punto estamos',
  states: {
    detected: {
      headline: 'Hemos detectado un problema',
      detail: 'Estamos revisando qué ha pasado.',
    },
    verified: {
      headline: 'Hemos confirmado el problema',
      detail: 'Estamos preparando una solución.',
    },
    awaiting_customer: {
      headline: 'Esperamos tu elección',
      detail: 'Elige cómo quieres que lo solucionemos.',
    },
    resolving: { headline: 'Lo estamos solucionando', detail: 'Tu solución está en marcha.' },
    resolved: { headline: 'Solucionado', detail: 'Todo debería estar ya resuelto.' },
    closed: { headline: 'Cerrado', detail: 'Este caso está cerrado.' },
    dismissed: {
      headline: 'No hace falta hacer nada',
      detail: 'Lo hemos comprobado y no hay ningún problema.',
    },
    reopened: { headline: 'Lo estamos revisando de nuevo', detail: 'Te diremos algo pronto.' },
  },
  types: {
    wrong_item: 'Un artículo de tu pedido no es el que pediste.',
    missing_item: 'Falta un artículo en tu pedido.',
    wrong_quantity: 'Tu pedido tiene una cantidad incorrecta de un artículo.',
    extra_item: 'Tu pedido contiene un artículo que no pediste.',
    stockout: 'Un artículo que pediste está agotado.',
    late_delivery: 'Tu entrega llega con retraso.',
    damaged: 'Un artículo llegó dañado.',
    lost: 'Tu paquete se ha perdido en el camino.',
    return_request: 'Has pedido devolver un artículo.',
    other: 'Algo ha ido mal con tu pedido.',
  },
  options: 'Tus opciones',
  chooseLegend: 'Elige cómo lo solucionamos',
  confirmChoice: 'Confirmar mi elección',
  recommended: 'Recomendada',
  youChose: (when) => `Elegiste esta opción el ${when}.`,
  defaultNote: (when) => `Si no eliges antes del ${when}, seguiremos con la opción recomendada.`,
  chooseBy: (when) => `Elige antes del ${when}`,
  value: 'Valor',
  bonus: 'Extra',
  when: 'Cuándo',
  deadlines: 'Fechas importantes',
  resolveBy: (when) => `Queremos tenerlo resuelto antes del ${when}.`,
  refund: 'Tu reembolso',
  refundStates: {
    requested: 'Solicitado',
    approved: 'Aprobado, en camino',
    issued: 'Enviado',
    settled: 'Completado',
    failed: 'No se pudo enviar: nos estamos ocupando',
    cancelled: 'Cancelado',
  },
  refundIssued: (amount, on, by) =>
    `${amount} emitido el ${on}; lo verás en tu extracto antes del ${by}.`,
  refundDue: (when) => `Lo enviaremos antes del ${when}.`,
  restock: (when) => `Vuelve a estar disponible hacia el ${when}.`,
  pickup: 'Recogida',
  pickupCode: (code) => `Tu código de recogida: ${code}`,
  pickupUntil: (when) => `Reservado para ti hasta el ${when}.`,
  pickupWindow: 'Reserva una franja para que recojamos el artículo',
  pickupFrom: 'Desde',
  pickupTo: 'Hasta',
  bookWindow: 'Reservar esta franja',
  windowBooked: (from, to) => `Recogida reservada entre ${from} y ${to}.`,
  timeline: 'Lo que ha pasado hasta ahora',
  you: 'Tú',
  ourTeam: 'Nuestro equipo',
  events: {
    created: 'Caso abierto',
    contact: 'Mensaje',
    notified: 'Te hemos enviado un mensaje',
    note: 'Novedad de nuestro equipo',
    update: 'Novedad',
  },
  photo: 'Envíanos una foto',
  photoLabel: 'Foto del artículo o del paquete',
  photoHint: 'JPEG, PNG, WebP o HEIC.',
  send: 'Enviar',
  photoSent: 'Gracias, hemos recibido tu foto.',
  talk: 'Hablar con una persona',
  talkHint: 'Alguien de nuestro equipo se pondrá en contacto contigo.',
  talkMessage: '¿Qué quieres contarnos? (opcional)',
  talkButton: 'Pedir que me llamen',
  talked: 'Hemos pedido a alguien de nuestro equipo que se ponga en contacto contigo.',
  survey: '¿Qué tal lo hemos hecho?',
  surveyLegend: '¿Cómo de satisfecho estás con cómo lo hemos gestionado?',
  scores: [
    '1 – Muy insatisfecho',
    '2 – Insatisfecho',
    '3 – Normal',
    '4 – Satisfecho',
    '5 – Muy satisfecho',
  ],
  comment: '¿Algo más que quieras añadir? (opcional)',
  sendSurvey: 'Enviar mi respuesta',
  surveyThanks: 'Gracias por tu respuesta.',
  updated: 'Esta página se ha actualizado.',
  working: 'Enviando…',
  failed: 'No ha funcionado. Inténtalo de nuevo.',
  notFoundTitle: 'Página no encontrada',
  notFoundBody:
    'Este enlace no abre ninguna página. Puede estar mal escrito o ya no ser válido. El último mensaje que te enviamos tiene un enlace que funciona.',
  linkExpires: (when) => `Este enlace funciona hasta el ${when}.`,
};

const pt: Texts = {
  title: 'A sua encomenda: o que aconteceu e o que estamos a fazer',
  orderHeading: (ref) => `Encomenda ${ref}`,
  hello: (name) => `Olá ${name}, aqui tem tudo sobre o problema com a sua encomenda.`,
  caseHeading: (n) => `Problema ${n}`,
  whatHappened: 'O que aconteceu',
  whereWeAre: 'Em que ponto estamos',
  states: {
    detected: { headline: 'Detetámos um problema', detail: 'Estamos a verificar o que aconteceu.' },
    verified: { headline: 'Confirmámos o problema', detail: 'Estamos a preparar uma solução.' },
    awaiting_customer: {
      headline: 'À espera da sua escolha',
      detail: 'Escolha como quer que resolvamos.',
    },
    resolving: { headline: 'Estamos a resolver', detail: 'A sua solução está a caminho.' },
    resolved: { headline: 'Resolvido', detail: 'Já deve estar tudo resolvido.' },
    closed: { headline: 'Fechado', detail: 'Este caso está fechado.' },
    dismissed: {
      headline: 'Não é preciso fazer nada',
      detail: 'Verificámos e afinal não há nenhum problema.',
    },
    reopened: { headline: 'Estamos a rever de novo', detail: 'Voltamos a contactá-lo em breve.' },
  },
  types: {
    wrong_item: 'Um artigo da sua encomenda não é o que encomendou.',
    missing_item: 'Falta um artigo na sua encomenda.',
    wrong_quantity: 'A sua encomenda tem a quantidade errada de um artigo.',
    extra_item: 'A sua encomenda tem um artigo que não encomendou.',
    stockout: 'Um artigo que encomendou está esgotado.',
    late_delivery: 'A sua entrega está atrasada.',
    damaged: 'Um artigo chegou danificado.',
    lost: 'A sua encomenda perdeu-se no caminho.',
    return_request: 'Pediu para devolver um artigo.',
    other: 'Algo correu mal com a sua encomenda.',
  },
  options: 'As suas opções',
  chooseLegend: 'Escolha como resolvemos',
  confirmChoice: 'Confirmar a minha escolha',
  recommended: 'Recomendada',
  youChose: (when) => `Escolheu esta opção a ${when}.`,
  defaultNote: (when) => `Se não escolher até ${when}, avançamos com a opção recomendada.`,
  chooseBy: (when) => `Escolha até ${when}`,
  value: 'Valor',
  bonus: 'Extra',
  when: 'Quando',
  deadlines: 'Datas a reter',
  resolveBy: (when) => `Queremos ter isto resolvido até ${when}.`,
  refund: 'O seu reembolso',
  refundStates: {
    requested: 'Pedido',
    approved: 'Aprovado, a caminho',
    issued: 'Enviado',
    settled: 'Concluído',
    failed: 'Não foi possível enviar: estamos a tratar disso',
    cancelled: 'Cancelado',
  },
  refundIssued: (amount, on, by) =>
    `${amount} emitido a ${on}; deverá aparecer no seu extrato até ${by}.`,
  refundDue: (when) => `Enviamos até ${when}.`,
  restock: (when) => `Volta a estar disponível por volta de ${when}.`,
  pickup: 'Levantamento',
  pickupCode: (code) => `O seu código de levantamento: ${code}`,
  pickupUntil: (when) => `Reservado para si até ${when}.`,
  pickupWindow: 'Marque uma hora para recolhermos o artigo',
  pickupFrom: 'De',
  pickupTo: 'Até',
  bookWindow: 'Marcar esta hora',
  windowBooked: (from, to) => `Recolha marcada entre ${from} e ${to}.`,
  timeline: 'O que aconteceu até agora',
  you: 'Você',
  ourTeam: 'A nossa equipa',
  events: {
    created: 'Caso aberto',
    contact: 'Mensagem',
    notified: 'Enviámos-lhe uma mensagem',
    note: 'Novidade da nossa equipa',
    update: 'Novidade',
  },
  photo: 'Envie-nos uma fotografia',
  photoLabel: 'Fotografia do artigo ou da embalagem',
  photoHint: 'JPEG, PNG, WebP ou HEIC.',
  send: 'Enviar',
  photoSent: 'Obrigado, recebemos a sua fotografia.',
  talk: 'Falar com uma pessoa',
  talkHint: 'Alguém da nossa equipa vai contactá-lo.',
  talkMessage: 'O que nos quer dizer? (opcional)',
  talkButton: 'Pedir que me contactem',
  talked: 'Pedimos a alguém da nossa equipa que o contacte.',
  survey: 'Como nos saímos?',
  surveyLegend: 'Está satisfeito com a forma como tratámos isto?',
  scores: [
    '1 – Muito insatisfeito',
    '2 – Insatisfeito',
    '3 – Neutro',
    '4 – Satisfeito',
    '5 – Muito satisfeito',
  ],
  comment: 'Quer acrescentar alguma coisa? (opcional)',
  sendSurvey: 'Enviar a minha resposta',
  surveyThanks: 'Obrigado pela sua resposta.',
  updated: 'Esta página foi atualizada.',
  working: 'A enviar…',
  failed: 'Não funcionou. Tente de novo.',
  notFoundTitle: 'Página não encontrada',
  notFoundBody:
    'Esta ligação não abre nenhuma página. Pode estar mal escrita ou já não ser válida. A última mensagem que lhe enviámos tem uma ligação que funciona.',
  linkExpires: (when) => `Esta ligação funciona até ${when}.`,
};

export const texts: Record<PageLocale, Texts> = { en, es, pt };

const intlTag: Record<PageLocale, string> = { en: 'en-GB', es: 'es-ES', pt: 'pt-PT' };

/** Dates in words for the page; the browser re-renders them in the reader's time zone. */
export function formatWhen(locale: PageLocale, iso: string, withTime = true): string {
  return new Intl.DateTimeFormat(intlTag[locale], {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' } : {}),
    timeZone: 'UTC',
  }).format(new Date(iso));
}

export function formatMoney(locale: PageLocale, amount: number, currency: string): string {
  const format = new Intl.NumberFormat(intlTag[locale], { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  // Display only: the minor units are exact; dividing for the words on the page rounds nothing.
  return format.format(amount / 10 ** digits);
}

export function intlLocale(locale: PageLocale): string {
  return intlTag[locale];
}
