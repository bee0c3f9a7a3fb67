import type { OptionKind, StepKind } from '../remedies/index.js';
import type { PageLocale } from './status-page.texts.js';

/**
 * A remedy option in the customer's words and language. The planner describes options for staff
 * (location codes, ISO times); the customer reads a title by the option's kind and what it does
 * from its steps, while its value, bonus and date are shown beside it, formatted for the locale.
 */
const titles: Record<PageLocale, Record<OptionKind, string>> = {
  en: {
    reship: 'We send the right item',
    replace: 'A replacement',
    refund: 'Your money back',
    keep_discount: 'Keep it with a discount',
    store_credit: 'Store credit with a bonus',
    ship_missing: 'We send what is missing',
    partial_refund: 'The rest when it is back in stock, money back meanwhile',
    partial_store_credit: 'The rest when it is back in stock, store credit meanwhile',
    cancel_refund: 'Cancel it with an immediate refund',
    wait_restock: 'Wait for the restock with a discount',
    ship_substitute: 'A similar product instead',
    store_substitute: 'A similar product waiting for you in a store',
    late_voucher: 'A voucher for the delay',
    shipping_refund: 'Your shipping cost back',
    b2b_credit_backorder: 'A credit note now, the rest first on the next shipment',
  },
  es: {
    reship: 'Le enviamos el artículo correcto',
    replace: 'Un artículo de reemplazo',
    refund: 'Le devolvemos el dinero',
    keep_discount: 'Quédeselo con un descuento',
    store_credit: 'Saldo en la tienda con un extra',
    ship_missing: 'Le enviamos lo que falta',
    partial_refund: 'El resto cuando vuelva a haber existencias; mientras, le devolvemos el dinero',
    partial_store_credit:
      'El resto cuando vuelva a haber existencias; mientras, saldo en la tienda',
    cancel_refund: 'Cancelarlo con reembolso inmediato',
    wait_restock: 'Esperar la reposición con un descuento',
    ship_substitute: 'Un producto similar en su lugar',
    store_substitute: 'Un producto similar esperándole en una tienda',
    late_voucher: 'Un vale por el retraso',
    shipping_refund: 'Le devolvemos el coste del envío',
    b2b_credit_backorder: 'Una nota de abono ahora y el resto primero en el próximo envío',
  },
  pt: {
    reship: 'Enviamos o artigo certo',
    replace: 'Um artigo de substituição',
    refund: 'Devolvemos o seu dinheiro',
    keep_discount: 'Fique com ele com um desconto',
    store_credit: 'Saldo na loja com um bónus',
    ship_missing: 'Enviamos o que falta',
    partial_refund: 'O resto quando voltar a haver stock; entretanto, devolvemos o dinheiro',
    partial_store_credit: 'O resto quando voltar a haver stock; entretanto, saldo na loja',
    cancel_refund: 'Cancelar com reembolso imediato',
    wait_restock: 'Esperar pela reposição com um desconto',
    ship_substitute: 'Um produto semelhante em vez deste',
    store_substitute: 'Um produto semelhante à sua espera numa loja',
    late_voucher: 'Um vale pelo atraso',
    shipping_refund: 'Devolvemos o custo do envio',
    b2b_credit_backorder: 'Uma nota de crédito agora e o resto primeiro na próxima entrega',
  },
};

/** What each step does for the customer; steps of internal bookkeeping say nothing. */
const doing: Record<PageLocale, Record<StepKind, string | null>> = {
  en: {
    reship: 'we send the item again, with priority',
    return_pickup: 'we collect the other one from you for free',
    reserve_in_store: 'we hold it for you at the store, with a pickup code',
    ship_missing: 'we send the missing units, with priority',
    backorder: 'the rest comes first when it is back in stock',
    cancel_line: 'we cancel the affected items',
    refund: 'the money goes back to your payment method',
    store_credit: 'the amount is added to your store credit',
    voucher: 'you get a voucher for your next order',
    credit_note: 'you get a credit note',
    contract_outcome: null,
    await_delivery: null,
  },
  es: {
    reship: 'le enviamos el artículo de nuevo, con prioridad',
    return_pickup: 'recogemos el otro en su casa sin coste',
    reserve_in_store: 'se lo guardamos en la tienda, con un código de recogida',
    ship_missing: 'le enviamos las unidades que faltan, con prioridad',
    backorder: 'el resto sale primero cuando vuelva a haber existencias',
    cancel_line: 'cancelamos los artículos afectados',
    refund: 'el dinero vuelve a su medio de pago',
    store_credit: 'el importe se suma a su saldo en la tienda',
    voucher: 'recibe un vale para su próximo pedido',
    credit_note: 'recibe una nota de abono',
    contract_outcome: null,
    await_delivery: null,
  },
  pt: {
    reship: 'enviamos o artigo de novo, com prioridade',
    return_pickup: 'recolhemos o outro em sua casa sem custos',
    reserve_in_store: 'guardamos o artigo na loja para si, com um código de levantamento',
    ship_missing: 'enviamos as unidades em falta, com prioridade',
    backorder: 'o resto segue primeiro quando voltar a haver stock',
    cancel_line: 'cancelamos os artigos afetados',
    refund: 'o dinheiro volta para o seu meio de pagamento',
    store_credit: 'o valor é somado ao seu saldo na loja',
    voucher: 'recebe um vale para a próxima encomenda',
    credit_note: 'recebe uma nota de crédito',
    contract_outcome: null,
    await_delivery: null,
  },
};

export function optionWords(
  locale: PageLocale,
  option: { kind: OptionKind; actions: readonly StepKind[] },
): { title: string; customerGets: string } {
  const parts = [...new Set(option.actions)].flatMap((a) => doing[locale][a] ?? []);
  const sentence = parts.join('; ');
  return {
    title: titles[locale][option.kind],
    customerGets: sentence ? `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.` : '',
  };
}

/** The title of an option kind in the locale, or undefined for a kind this page does not know. */
export function optionTitle(locale: PageLocale, kind: string): string | undefined {
  const known = titles[locale] as Record<string, string | undefined>;
  return known[kind];
}
