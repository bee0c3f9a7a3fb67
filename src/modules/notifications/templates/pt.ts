import type { LocaleTemplates } from './template-types.js';

export const pt: LocaleTemplates = {
  greeting: ['Olá, {name},', 'Olá,'],
  linkLabel: 'Acompanhe seu caso',
  closing:
    'Alguma dúvida? Responda a esta mensagem ou abra a página do seu caso: estamos aqui para ajudar.',
  signoff: 'Equipe de atendimento ao cliente',
  steps: {
    reship: 'reenvio',
    pickup: 'coleta',
    refund: 'reembolso',
    restock: 'reposição de estoque',
    reservation: 'reserva na loja',
    other: 'resolução',
  },
  or: 'ou',
  and: 'e',
  upTo: 'até',
  happened: {
    wrong_item: [
      [
        'Enviamos {actualItem} no lugar de {expectedItem}.',
        'Um dos itens do seu pacote não é o que você pediu.',
      ],
    ],
    missing_item: [['Seu pacote chegou sem {items}.', 'Faltou parte do seu pedido no pacote.']],
    wrong_quantity: [
      [
        'Seu pacote não veio com a quantidade de {items} que você pediu.',
        'Seu pacote não veio com a quantidade que você pediu.',
      ],
    ],
    extra_item: [
      [
        'Seu pacote também trouxe {items}, que você não pediu.',
        'Seu pacote trouxe um item que você não pediu.',
      ],
      'Você não precisa pagar nada por ele.',
    ],
    stockout: [
      [
        'Depois da sua compra, descobrimos que não havia estoque de {items}, por isso não conseguimos enviar no prazo prometido.',
        'Depois da sua compra, descobrimos que um item estava sem estoque, por isso não conseguimos enviar no prazo prometido.',
      ],
    ],
    late_delivery: [
      [
        'Seu pacote vai chegar depois do prometido: agora a previsão é {eta}, e não {promisedDate}.',
        'Seu pacote vai chegar depois do prometido: agora a previsão é {eta}.',
        'Seu pacote está atrasado e não vai chegar na data prometida.',
      ],
    ],
    damaged: [
      [
        'Seu pacote foi danificado no transporte, e o dano afetou: {items}.',
        'Seu pacote foi danificado no transporte.',
      ],
    ],
    lost: ['Seu pacote foi extraviado no caminho até você.'],
    return_request: ['Recebemos o seu pedido de devolução referente ao pedido {orderRef}.'],
    other: ['Algo não saiu como deveria com o seu pedido {orderRef}.'],
  },
  why: {
    picking_error: 'O item errado foi separado no nosso depósito: um erro nosso.',
    look_alike_sku: 'Dois itens muito parecidos foram trocados no nosso depósito: um erro nosso.',
    bin_location_error: 'O item estava guardado no lugar errado do nosso depósito.',
    inventory_desync:
      'Nosso controle de estoque mostrava um item que não estava de fato na prateleira.',
    supplier_defect: 'O item saiu do nosso fornecedor com um defeito.',
    carrier_damage: 'O pacote foi danificado durante o transporte.',
    address_error: 'No caminho, não foi possível associar o pacote ao endereço de entrega.',
    system_error: 'Uma falha nos nossos sistemas causou o problema.',
  },
  events: {
    detected: {
      subject: 'Seu pedido {orderRef}: algo deu errado, e já estamos cuidando disso',
      headline: 'Encontramos um problema no seu pedido {orderRef}',
      doing: [
        'Pedimos desculpas. Estamos verificando os detalhes e preparando as opções para resolver.',
        'Por enquanto você não precisa fazer nada: vamos escrever de novo assim que suas opções estiverem prontas.',
      ],
      short: 'Encontramos um problema no seu pedido {orderRef} e já estamos resolvendo. Detalhes:',
    },
    plan_ready: {
      subject: 'Seu pedido {orderRef}: escolha como vamos resolver',
      headline: 'Suas opções estão prontas',
      recap: true,
      doing: ['Preparamos algumas formas de resolver isso.'],
      choice: [
        ['Você pode escolher {options}.'],
        [
          'Escolha até {deadline}. Se não tivermos resposta até lá, seguiremos com: {defaultOption}.',
          'Escolha até {deadline}.',
          'Escolha na página do seu caso a opção que for melhor para você.',
        ],
      ],
      short: [
        'Pedido {orderRef}: suas opções estão prontas. Escolha até {deadline}:',
        'Pedido {orderRef}: suas opções estão prontas. Escolha aqui:',
      ],
    },
    choice_confirmed: {
      subject: 'Seu pedido {orderRef}: sua escolha está confirmada',
      headline: 'Obrigado, sua escolha está confirmada',
      happened: [['Você escolheu: {option}.']],
      doing: [
        ['Já estamos cuidando disso. A previsão é até {optionWhen}.', 'Já estamos cuidando disso.'],
        'Vamos avisar você a cada etapa.',
      ],
      short: [
        'Pedido {orderRef}: recebemos sua escolha ({option}) e já estamos cuidando disso. Acompanhe:',
        'Pedido {orderRef}: recebemos sua escolha e já estamos cuidando disso. Acompanhe:',
      ],
    },
    reship_sent: {
      subject: 'Seu pedido {orderRef}: o reenvio está a caminho',
      headline: 'Seu reenvio está a caminho',
      happened: [
        [
          'Enviamos {items} pela {carrier}, código de rastreio {trackingNumber}.',
          'Enviamos o reenvio pela {carrier}, código de rastreio {trackingNumber}.',
          'Enviamos o reenvio com prioridade.',
        ],
      ],
      doing: [['A previsão de chegada é até {eta}.']],
      short: [
        'Pedido {orderRef}: seu reenvio está a caminho ({carrier} {trackingNumber}). Rastreie:',
        'Pedido {orderRef}: seu reenvio está a caminho. Rastreie:',
      ],
    },
    backorder_allocated: {
      subject: 'Seu pedido {orderRef}: o restante do seu pedido está a caminho',
      headline: 'O restante do seu pedido está a caminho',
      happened: [
        [
          'Boa notícia: o que faltava do seu pedido voltou ao estoque. Estamos enviando {items} a partir de {fromLocation}, com prioridade.',
          'Boa notícia: o que faltava do seu pedido voltou ao estoque. Estamos enviando {items} com prioridade.',
          'Boa notícia: o que faltava do seu pedido voltou ao estoque e já estamos enviando, com prioridade.',
        ],
      ],
      doing: [['A previsão de chegada é até {eta}.']],
      short: [
        'Pedido {orderRef}: o restante do seu pedido está a caminho, chega até {eta}. Acompanhe:',
        'Pedido {orderRef}: o restante do seu pedido está a caminho. Acompanhe:',
      ],
    },
    pickup_booked: {
      subject: 'Seu pedido {orderRef}: coleta gratuita agendada',
      headline: 'Vamos buscar o item, sem custo para você',
      happened: [
        ['Um entregador vai buscar o item: {pickupWindow}.', 'Um entregador vai buscar o item.'],
      ],
      doing: [
        'Deixe o item separado. A embalagem original é bem-vinda, mas não é obrigatória, e você não precisa pagar nem imprimir nada.',
      ],
      short: [
        'Pedido {orderRef}: coleta gratuita agendada, {pickupWindow}. Detalhes:',
        'Pedido {orderRef}: coleta gratuita agendada. Detalhes:',
      ],
    },
    reservation_ready: {
      subject: [
        'Seu pedido {orderRef}: pronto para retirar na {storeName}',
        'Seu pedido {orderRef}: pronto para retirar na loja',
      ],
      headline: 'Seu item está esperando por você na loja',
      happened: [
        ['Reservamos o item para você na {storeName}.', 'Reservamos o item para você na loja.'],
      ],
      doing: [
        ['Mostre o código de retirada {pickupCode} no balcão.'],
        ['Vamos guardar o item até {expiresAt}.'],
      ],
      short: [
        'Pedido {orderRef}: pronto na {storeName}, código {pickupCode}. Detalhes:',
        'Pedido {orderRef}: seu item está reservado na loja. Detalhes:',
      ],
    },
    reservation_expired: {
      subject: 'Seu pedido {orderRef}: a reserva na loja terminou',
      headline: 'Sua reserva na loja terminou',
      happened: [
        [
          'O item reservado para você na {storeName} não foi retirado até {expiresAt}, então a reserva foi liberada.',
          'O item reservado para você na loja não foi retirado a tempo, então a reserva foi liberada.',
        ],
      ],
      doing: [
        [
          'Para você não ficar sem solução, vamos seguir com: {defaultOption}.',
          'Para você não ficar sem solução, vamos seguir com a opção que propusemos como padrão.',
        ],
      ],
      choice: ['Se preferir outra coisa, fale com a gente pela página do seu caso.'],
      short: 'Pedido {orderRef}: sua reserva na loja terminou. O que acontece agora:',
    },
    refund_issued: {
      subject: 'Seu pedido {orderRef}: seu reembolso está a caminho',
      headline: ['Reembolsamos {amount}', 'Seu reembolso foi emitido'],
      happened: [
        [
          'Emitimos um reembolso de {amount} para a sua forma de pagamento original.',
          'Emitimos o seu reembolso para a sua forma de pagamento original.',
        ],
      ],
      doing: [
        [
          'O valor deve aparecer na sua fatura ou extrato até {expectedBy}.',
          'Os bancos costumam levar alguns dias úteis para mostrar o valor na fatura ou no extrato.',
        ],
      ],
      short: [
        'Pedido {orderRef}: reembolso de {amount} emitido, na sua fatura até {expectedBy}. Detalhes:',
        'Pedido {orderRef}: reembolso de {amount} emitido. Detalhes:',
        'Pedido {orderRef}: seu reembolso foi emitido. Detalhes:',
      ],
    },
    credit_issued: {
      subject: 'Seu pedido {orderRef}: crédito adicionado à sua conta',
      headline: ['Você tem {amount} de crédito na sua conta', 'Adicionamos crédito à sua conta'],
      happened: [
        [
          'Adicionamos {amount} de crédito para compras à sua conta.',
          'Adicionamos crédito para compras à sua conta.',
        ],
      ],
      doing: [
        [
          'Você pode usar até {expiresAt}, no site ou na loja.',
          'Você pode usar na sua próxima compra, no site ou na loja.',
        ],
      ],
      short: [
        'Pedido {orderRef}: {amount} de crédito adicionados à sua conta. Detalhes:',
        'Pedido {orderRef}: crédito adicionado à sua conta. Detalhes:',
      ],
    },
    voucher_issued: {
      subject: 'Seu pedido {orderRef}: um cupom para você',
      headline: 'Um cupom, com nossas desculpas',
      happened: [
        [
          'Para compensar o transtorno, aqui está um cupom de {voucherValue}: {voucherCode}.',
          'Para compensar o transtorno, aqui está um cupom: {voucherCode}.',
          'Para compensar o transtorno, adicionamos um cupom à sua conta.',
        ],
      ],
      doing: [['Ele vale até {expiresAt}.'], 'Use no pagamento do seu próximo pedido.'],
      short: [
        'Pedido {orderRef}: com nossas desculpas, cupom {voucherCode} ({voucherValue}). Detalhes:',
        'Pedido {orderRef}: com nossas desculpas, um cupom para você. Detalhes:',
      ],
    },
    step_delayed: {
      subject: 'Seu pedido {orderRef}: novidades sobre o prazo',
      headline: [
        'A etapa de {step} está atrasada',
        'Uma etapa está demorando mais do que o previsto',
      ],
      happened: [
        [
          'A etapa de {step} está demorando mais do que prometemos: a nova data é {newDate}.',
          'A etapa de {step} está demorando mais do que prometemos.',
          'Uma etapa da solução está demorando mais do que prometemos.',
        ],
      ],
      doing: [
        'Desculpe pela espera. Estamos acompanhando de perto e avisaremos assim que houver novidades.',
      ],
      short: [
        'Pedido {orderRef}: a etapa de {step} atrasou, nova data {newDate}. Detalhes:',
        'Pedido {orderRef}: uma etapa atrasou e estamos cuidando disso. Detalhes:',
      ],
    },
    resolved: {
      subject: 'Seu pedido {orderRef}: tudo resolvido',
      headline: 'Está tudo resolvido',
      happened: ['Fizemos tudo o que prometemos, e o seu caso está resolvido.'],
      doing: [
        'Obrigado pela paciência. Se algo ainda não estiver certo, fale com a gente pela página do seu caso e retomamos na hora.',
      ],
      short: 'Pedido {orderRef}: seu caso está resolvido. Obrigado pela paciência. Detalhes:',
    },
    survey: {
      subject: 'Como nos saímos com o seu pedido {orderRef}?',
      headline: 'Como nos saímos?',
      happened: ['Resolvemos há pouco um problema com o seu pedido {orderRef}.'],
      doing: [],
      choice: [
        'Basta um clique: como você avalia a forma como cuidamos disso, de 1 (ruim) a 5 (excelente)?',
      ],
      short: 'Pedido {orderRef}: como nos saímos, de 1 a 5? Um toque:',
    },
    survey_reminder: {
      subject: 'Um minutinho para falar do seu pedido {orderRef}?',
      headline: 'Ainda queremos muito saber sua opinião',
      happened: ['Há alguns dias resolvemos um problema com o seu pedido {orderRef}.'],
      doing: [],
      choice: [
        'Se tiver um minutinho, avalie de 1 a 5 como cuidamos disso: basta um clique. Este é o único lembrete que vamos enviar.',
      ],
      short: 'Pedido {orderRef}: um toque para nos avaliar (último lembrete):',
    },
  },
  scores: ['1 · Ruim', '2 · Regular', '3 · Bom', '4 · Muito bom', '5 · Excelente'],
  phone: {
    opening: [
      'Olá, eu falo com {name}? Estou ligando do atendimento ao cliente sobre o seu pedido {orderRef}.',
      'Olá, estou ligando do atendimento ao cliente sobre o seu pedido {orderRef}.',
    ],
    linkNote:
      'Também enviamos um link onde você pode acompanhar o seu caso e escolher a qualquer momento.',
    closing: 'Posso ajudar em mais alguma coisa hoje?',
  },
};
