import type { LocaleTemplates } from './template-types.js';

export const es: LocaleTemplates = {
  greeting: ['Hola, {name}:', 'Hola:'],
  linkLabel: 'Sigue tu caso',
  closing:
    '¿Alguna pregunta? Responde a este mensaje o abre la página de tu caso: estamos para ayudarte.',
  signoff: 'El equipo de atención al cliente',
  steps: {
    reship: 'envío de reposición',
    pickup: 'recogida',
    refund: 'reembolso',
    restock: 'reposición de stock',
    reservation: 'reserva en tienda',
    other: 'siguiente paso',
  },
  or: 'o',
  and: 'y',
  upTo: 'hasta',
  happened: {
    wrong_item: [
      [
        'Te enviamos {actualItem} en lugar de {expectedItem}.',
        'Uno de los artículos de tu paquete no es el que pediste.',
      ],
    ],
    missing_item: [['Tu paquete llegó sin {items}.', 'Faltaba parte de tu pedido en el paquete.']],
    wrong_quantity: [
      [
        'Tu paquete no traía la cantidad de {items} que pediste.',
        'Tu paquete no traía la cantidad que pediste.',
      ],
    ],
    extra_item: [
      [
        'Tu paquete incluía también {items}, que no habías pedido.',
        'Tu paquete incluía un artículo que no habías pedido.',
      ],
      'No tienes que pagar nada por él.',
    ],
    stockout: [
      [
        'Después de tu compra nos dimos cuenta de que no quedaba stock de {items}, así que no podemos enviarlo en el plazo prometido.',
        'Después de tu compra nos dimos cuenta de que un artículo estaba agotado, así que no podemos enviarlo en el plazo prometido.',
      ],
    ],
    late_delivery: [
      [
        'Tu paquete llegará más tarde de lo prometido: ahora lo esperamos el {eta} en lugar del {promisedDate}.',
        'Tu paquete llegará más tarde de lo prometido: ahora lo esperamos el {eta}.',
        'Tu paquete va con retraso y no llegará en la fecha prometida.',
      ],
    ],
    damaged: [
      [
        'Tu paquete sufrió daños durante el transporte, y el daño afectó a: {items}.',
        'Tu paquete sufrió daños durante el transporte.',
      ],
    ],
    lost: ['Tu paquete se ha perdido durante el transporte.'],
    return_request: ['Hemos recibido tu solicitud de devolución del pedido {orderRef}.'],
    other: ['Algo no ha salido como debía con tu pedido {orderRef}.'],
  },
  why: {
    picking_error: 'En nuestro almacén se tomó el artículo equivocado: fue un error nuestro.',
    look_alike_sku:
      'En nuestro almacén se confundieron dos artículos muy parecidos: fue un error nuestro.',
    bin_location_error: 'El artículo estaba colocado en un lugar equivocado de nuestro almacén.',
    inventory_desync:
      'Nuestro inventario mostraba un artículo que en realidad no estaba en la estantería.',
    supplier_defect: 'El artículo salió de nuestro proveedor con un defecto.',
    carrier_damage: 'El paquete se dañó durante el transporte.',
    address_error: 'Durante el trayecto no se pudo asociar el paquete a su dirección de entrega.',
    system_error: 'Lo causó un fallo en nuestros sistemas.',
  },
  events: {
    detected: {
      subject: 'Tu pedido {orderRef}: algo ha salido mal y ya nos estamos ocupando',
      headline: 'Hemos detectado un problema con tu pedido {orderRef}',
      doing: [
        'Lo sentimos. Estamos revisando los detalles y preparando las opciones para solucionarlo.',
        'Por ahora no tienes que hacer nada: te escribiremos en cuanto tus opciones estén listas.',
      ],
      short:
        'Hemos detectado un problema con tu pedido {orderRef} y ya lo estamos solucionando. Detalles:',
    },
    plan_ready: {
      subject: 'Tu pedido {orderRef}: elige cómo lo solucionamos',
      headline: 'Tus opciones están listas',
      recap: true,
      doing: ['Hemos preparado varias formas de solucionarlo.'],
      choice: [
        ['Puedes elegir {options}.'],
        [
          'Elige antes del {deadline}. Si no sabemos nada de ti para entonces, seguiremos adelante con: {defaultOption}.',
          'Elige antes del {deadline}.',
          'Elige en la página de tu caso la opción que mejor te venga.',
        ],
      ],
      short: [
        'Pedido {orderRef}: tus opciones están listas. Elige antes del {deadline}:',
        'Pedido {orderRef}: tus opciones están listas. Elige aquí:',
      ],
    },
    choice_confirmed: {
      subject: 'Tu pedido {orderRef}: tu elección está confirmada',
      headline: 'Gracias, tu elección está confirmada',
      happened: [['Has elegido: {option}.']],
      doing: [
        [
          'Ya nos estamos ocupando. Puedes contar con ello antes del {optionWhen}.',
          'Ya nos estamos ocupando.',
        ],
        'Te iremos informando de cada paso.',
      ],
      short: [
        'Pedido {orderRef}: recibimos tu elección ({option}) y ya estamos en ello. Síguelo aquí:',
        'Pedido {orderRef}: recibimos tu elección y ya estamos en ello. Síguelo aquí:',
      ],
    },
    reship_sent: {
      subject: 'Tu pedido {orderRef}: la reposición ya está en camino',
      headline: 'Tu reposición ya está en camino',
      happened: [
        [
          'Hemos enviado {items} con {carrier}, número de seguimiento {trackingNumber}.',
          'Hemos enviado tu reposición con {carrier}, número de seguimiento {trackingNumber}.',
          'Hemos enviado tu reposición con prioridad.',
        ],
      ],
      doing: [['Debería llegar antes del {eta}.']],
      short: [
        'Pedido {orderRef}: tu reposición está en camino ({carrier} {trackingNumber}). Síguela:',
        'Pedido {orderRef}: tu reposición está en camino. Síguela:',
      ],
    },
    backorder_allocated: {
      subject: 'Tu pedido {orderRef}: el resto de tu pedido ya está en camino',
      headline: 'El resto de tu pedido ya está en camino',
      happened: [
        [
          'Buenas noticias: lo que faltaba de tu pedido vuelve a estar disponible. Te enviamos {items} desde {fromLocation}, con prioridad.',
          'Buenas noticias: lo que faltaba de tu pedido vuelve a estar disponible. Te enviamos {items} con prioridad.',
          'Buenas noticias: lo que faltaba de tu pedido vuelve a estar disponible y te lo enviamos con prioridad.',
        ],
      ],
      doing: [['Debería llegar antes del {eta}.']],
      short: [
        'Pedido {orderRef}: el resto de tu pedido está en camino, llega antes del {eta}. Síguelo:',
        'Pedido {orderRef}: el resto de tu pedido está en camino. Síguelo:',
      ],
    },
    pickup_booked: {
      subject: 'Tu pedido {orderRef}: recogida gratuita programada',
      headline: 'Recogeremos el artículo sin coste para ti',
      happened: [
        ['Un mensajero pasará a recogerlo: {pickupWindow}.', 'Un mensajero pasará a recogerlo.'],
      ],
      doing: [
        'Ten el artículo preparado. El embalaje original es bienvenido pero no imprescindible, y no tienes que pagar ni imprimir nada.',
      ],
      short: [
        'Pedido {orderRef}: recogida gratuita programada, {pickupWindow}. Detalles:',
        'Pedido {orderRef}: recogida gratuita programada. Detalles:',
      ],
    },
    reservation_ready: {
      subject: [
        'Tu pedido {orderRef}: listo para recoger en {storeName}',
        'Tu pedido {orderRef}: listo para recoger en tienda',
      ],
      headline: 'Tu artículo te espera en la tienda',
      happened: [['Te lo hemos reservado en {storeName}.', 'Te lo hemos reservado en tienda.']],
      doing: [
        ['Muestra el código de recogida {pickupCode} en el mostrador.'],
        ['Te lo guardamos hasta el {expiresAt}.'],
      ],
      short: [
        'Pedido {orderRef}: listo en {storeName}, código {pickupCode}. Detalles:',
        'Pedido {orderRef}: tu artículo está reservado en tienda. Detalles:',
      ],
    },
    reservation_expired: {
      subject: 'Tu pedido {orderRef}: la reserva en tienda ha terminado',
      headline: 'Tu reserva en tienda ha terminado',
      happened: [
        [
          'El artículo que te reservamos en {storeName} no se recogió antes del {expiresAt}, así que la reserva se ha liberado.',
          'El artículo que te reservamos en tienda no se recogió a tiempo, así que la reserva se ha liberado.',
        ],
      ],
      doing: [
        [
          'Para que no te quedes sin solución, seguimos adelante con: {defaultOption}.',
          'Para que no te quedes sin solución, seguimos adelante con la opción que te propusimos por defecto.',
        ],
      ],
      choice: ['Si prefieres otra cosa, dínoslo desde la página de tu caso.'],
      short: 'Pedido {orderRef}: tu reserva en tienda ha terminado. Qué pasa ahora:',
    },
    refund_issued: {
      subject: 'Tu pedido {orderRef}: tu reembolso está en camino',
      headline: ['Te hemos reembolsado {amount}', 'Tu reembolso ya está emitido'],
      happened: [
        [
          'Hemos emitido un reembolso de {amount} a tu método de pago original.',
          'Hemos emitido tu reembolso a tu método de pago original.',
        ],
      ],
      doing: [
        [
          'Deberías verlo en tu extracto antes del {expectedBy}.',
          'Los bancos suelen tardar unos días hábiles en mostrarlo en el extracto.',
        ],
      ],
      short: [
        'Pedido {orderRef}: reembolso de {amount} emitido, en tu extracto antes del {expectedBy}. Detalles:',
        'Pedido {orderRef}: reembolso de {amount} emitido. Detalles:',
        'Pedido {orderRef}: tu reembolso ya está emitido. Detalles:',
      ],
    },
    credit_issued: {
      subject: 'Tu pedido {orderRef}: saldo añadido a tu cuenta',
      headline: ['Tienes {amount} de saldo en tu cuenta', 'Hemos añadido saldo a tu cuenta'],
      happened: [
        [
          'Hemos añadido {amount} de saldo para compras a tu cuenta.',
          'Hemos añadido saldo para compras a tu cuenta.',
        ],
      ],
      doing: [
        [
          'Puedes usarlo hasta el {expiresAt}, en la web o en tienda.',
          'Puedes usarlo en tu próxima compra, en la web o en tienda.',
        ],
      ],
      short: [
        'Pedido {orderRef}: {amount} de saldo añadidos a tu cuenta. Detalles:',
        'Pedido {orderRef}: saldo añadido a tu cuenta. Detalles:',
      ],
    },
    voucher_issued: {
      subject: 'Tu pedido {orderRef}: un cupón para ti',
      headline: 'Un cupón, con nuestras disculpas',
      happened: [
        [
          'Para compensarte por las molestias, aquí tienes un cupón de {voucherValue}: {voucherCode}.',
          'Para compensarte por las molestias, aquí tienes un cupón: {voucherCode}.',
          'Para compensarte por las molestias, hemos añadido un cupón a tu cuenta.',
        ],
      ],
      doing: [['Es válido hasta el {expiresAt}.'], 'Úsalo al pagar tu próximo pedido.'],
      short: [
        'Pedido {orderRef}: con nuestras disculpas, cupón {voucherCode} ({voucherValue}). Detalles:',
        'Pedido {orderRef}: con nuestras disculpas, un cupón para ti. Detalles:',
      ],
    },
    step_delayed: {
      subject: 'Tu pedido {orderRef}: novedades sobre los plazos',
      headline: ['Tu {step} se retrasa', 'Un paso está tardando más de lo previsto'],
      happened: [
        [
          'Tu {step} está tardando más de lo que prometimos: la nueva fecha es el {newDate}.',
          'Tu {step} está tardando más de lo que prometimos.',
          'Un paso de la solución está tardando más de lo que prometimos.',
        ],
      ],
      doing: [
        'Sentimos la espera. Lo estamos siguiendo de cerca y te avisaremos en cuanto avance.',
      ],
      short: [
        'Pedido {orderRef}: tu {step} se retrasa, nueva fecha {newDate}. Detalles:',
        'Pedido {orderRef}: un paso se retrasa y estamos en ello. Detalles:',
      ],
    },
    resolved: {
      subject: 'Tu pedido {orderRef}: todo solucionado',
      headline: 'Todo está solucionado',
      happened: ['Hemos hecho todo lo que te prometimos y tu caso ya está resuelto.'],
      doing: [
        'Gracias por tu paciencia. Si algo todavía no está bien, dínoslo desde la página de tu caso y lo retomamos enseguida.',
      ],
      short: 'Pedido {orderRef}: tu caso está resuelto. Gracias por tu paciencia. Detalles:',
    },
    survey: {
      subject: '¿Qué tal lo hicimos con tu pedido {orderRef}?',
      headline: '¿Qué tal lo hicimos?',
      happened: ['Hace poco solucionamos un problema con tu pedido {orderRef}.'],
      doing: [],
      choice: [
        'Basta con un clic: ¿cómo valoras la forma en que lo gestionamos, de 1 (mal) a 5 (excelente)?',
      ],
      short: 'Pedido {orderRef}: ¿qué tal lo hicimos, de 1 a 5? Un toque:',
    },
    survey_reminder: {
      subject: '¿Un momento para contarnos qué tal con tu pedido {orderRef}?',
      headline: 'Nos encantaría conocer tu opinión',
      happened: ['Hace unos días solucionamos un problema con tu pedido {orderRef}.'],
      doing: [],
      choice: [
        'Si tienes un momento, valora de 1 a 5 cómo lo gestionamos: basta con un clic. Es el único recordatorio que te enviaremos.',
      ],
      short: 'Pedido {orderRef}: un toque para valorarnos (último recordatorio):',
    },
  },
  scores: ['1 · Mal', '2 · Regular', '3 · Bien', '4 · Muy bien', '5 · Excelente'],
  phone: {
    opening: [
      'Hola, ¿hablo con {name}? Te llamo de atención al cliente por tu pedido {orderRef}.',
      'Hola, te llamo de atención al cliente por tu pedido {orderRef}.',
    ],
    linkNote:
      'También te hemos enviado un enlace donde puedes seguir tu caso y elegir en cualquier momento.',
    closing: '¿Hay algo más en lo que pueda ayudarte hoy?',
  },
};
