import type { LocaleTemplates } from './template-types.js';

export const en: LocaleTemplates = {
  greeting: ['Hello {name},', 'Hello,'],
  linkLabel: 'Follow your case',
  closing: 'Any question? Reply to this message or open your case page: we are here to help.',
  signoff: 'The customer care team',
  steps: {
    reship: 'replacement delivery',
    pickup: 'pickup',
    refund: 'refund',
    restock: 'restock',
    reservation: 'store reservation',
    other: 'next step',
  },
  or: 'or',
  and: 'and',
  upTo: 'up to',
  happened: {
    wrong_item: [
      [
        'We sent you {actualItem} instead of {expectedItem}.',
        'An item in your parcel is not the one you ordered.',
      ],
    ],
    missing_item: [
      ['Your parcel was missing {items}.', 'Part of your order was missing from the parcel.'],
    ],
    wrong_quantity: [
      [
        'Your parcel did not have the quantity of {items} you ordered.',
        'Your parcel did not have the quantity you ordered.',
      ],
    ],
    extra_item: [
      [
        'Your parcel also contained {items}, which you did not order.',
        'Your parcel contained an item you did not order.',
      ],
      'You do not need to pay for it.',
    ],
    stockout: [
      [
        '{items} turned out to be out of stock after you ordered, so we cannot send it as promised.',
        'An item you ordered turned out to be out of stock, so we cannot send it as promised.',
      ],
    ],
    late_delivery: [
      [
        'Your parcel will arrive later than promised: we now expect it on {eta} instead of {promisedDate}.',
        'Your parcel will arrive later than promised: we now expect it on {eta}.',
        'Your parcel is running late and will not arrive on the promised date.',
      ],
    ],
    damaged: [
      [
        'Your parcel was damaged on its way to you, and {items} did not arrive in good condition.',
        'Your parcel was damaged on its way to you.',
      ],
    ],
    lost: ['Your parcel has been lost on its way to you.'],
    return_request: ['We have received your return request for order {orderRef}.'],
    other: ['Something did not go as it should with your order {orderRef}.'],
  },
  why: {
    picking_error: 'The wrong item was picked in our warehouse: our mistake.',
    look_alike_sku: 'Two very similar items were mixed up in our warehouse: our mistake.',
    bin_location_error: 'The item was stored in the wrong place in our warehouse.',
    inventory_desync: 'Our stock records showed an item that was not actually on the shelf.',
    supplier_defect: 'The item left our supplier with a defect.',
    carrier_damage: 'The parcel was damaged while in transit.',
    address_error: 'The parcel could not be matched to its delivery address along the way.',
    system_error: 'A fault in our systems caused it.',
  },
  events: {
    detected: {
      subject: 'Your order {orderRef}: something went wrong, and we are on it',
      headline: 'We found a problem with your order {orderRef}',
      doing: [
        'We are sorry. We are checking the details and preparing the options to put it right.',
        'You do not need to do anything for now: we will write again as soon as your options are ready.',
      ],
      short: 'We found a problem with your order {orderRef} and we are fixing it. Details:',
    },
    plan_ready: {
      subject: 'Your order {orderRef}: choose how we put it right',
      headline: 'Your options are ready',
      recap: true,
      doing: ['We have prepared a few ways to put this right.'],
      choice: [
        ['You can choose {options}.'],
        [
          'Please choose by {deadline}. If we do not hear from you by then, we will go ahead with: {defaultOption}.',
          'Please choose by {deadline}.',
          'Choose the option that suits you best on your case page.',
        ],
      ],
      short: [
        'Order {orderRef}: your options are ready. Please choose by {deadline}:',
        'Order {orderRef}: your options are ready. Choose here:',
      ],
    },
    choice_confirmed: {
      subject: 'Your order {orderRef}: your choice is confirmed',
      headline: 'Thank you, your choice is confirmed',
      happened: [['You chose: {option}.']],
      doing: [
        ['We are on it. You can expect it by {optionWhen}.', 'We are on it.'],
        'We will keep you posted at every step.',
      ],
      short: [
        'Order {orderRef}: we got your choice ({option}) and we are on it. Follow it here:',
        'Order {orderRef}: we got your choice and we are on it. Follow it here:',
      ],
    },
    reship_sent: {
      subject: 'Your order {orderRef}: the replacement is on its way',
      headline: 'Your replacement is on its way',
      happened: [
        [
          'We have sent {items} with {carrier}, tracking number {trackingNumber}.',
          'We have sent your replacement with {carrier}, tracking number {trackingNumber}.',
          'We have sent your replacement, with priority.',
        ],
      ],
      doing: [['It should arrive by {eta}.']],
      short: [
        'Order {orderRef}: your replacement is on its way ({carrier} {trackingNumber}). Track it:',
        'Order {orderRef}: your replacement is on its way. Track it:',
      ],
    },
    backorder_allocated: {
      subject: 'Your order {orderRef}: the rest of your order is on its way',
      headline: 'The rest of your order is on its way',
      happened: [
        [
          'Good news: what was missing from your order is back in stock. We are sending {items} from {fromLocation}, with priority.',
          'Good news: what was missing from your order is back in stock. We are sending {items} with priority.',
          'Good news: what was missing from your order is back in stock, and we are sending it with priority.',
        ],
      ],
      doing: [['It should arrive by {eta}.']],
      short: [
        'Order {orderRef}: the rest of your order is on its way, due by {eta}. Track it:',
        'Order {orderRef}: the rest of your order is on its way. Track it:',
      ],
    },
    pickup_booked: {
      subject: 'Your order {orderRef}: free pickup booked',
      headline: 'We will collect the item, free of charge',
      happened: [
        [
          'A courier will come to collect it: {pickupWindow}.',
          'A courier will come to collect it.',
        ],
      ],
      doing: [
        'Please have the item ready. The original packaging is welcome but not needed, and there is nothing to pay or print.',
      ],
      short: [
        'Order {orderRef}: free pickup booked, {pickupWindow}. Details:',
        'Order {orderRef}: free pickup booked. Details:',
      ],
    },
    reservation_ready: {
      subject: [
        'Your order {orderRef}: ready to collect at {storeName}',
        'Your order {orderRef}: ready to collect in store',
      ],
      headline: 'Your item is waiting for you in store',
      happened: [
        ['We have reserved it for you at {storeName}.', 'We have reserved it for you in store.'],
      ],
      doing: [
        ['Show the pickup code {pickupCode} at the counter.'],
        ['We will hold it until {expiresAt}.'],
      ],
      short: [
        'Order {orderRef}: ready at {storeName}, code {pickupCode}. Details:',
        'Order {orderRef}: your item is reserved in store. Details:',
      ],
    },
    reservation_expired: {
      subject: 'Your order {orderRef}: the store reservation has ended',
      headline: 'Your store reservation has ended',
      happened: [
        [
          'The item reserved for you at {storeName} was not collected by {expiresAt}, so the reservation has been released.',
          'The item reserved for you in store was not collected in time, so the reservation has been released.',
        ],
      ],
      doing: [
        [
          'So that you are not left without a solution, we are going ahead with: {defaultOption}.',
          'So that you are not left without a solution, we are going ahead with the option we proposed by default.',
        ],
      ],
      choice: ['If you would prefer something else, tell us from your case page.'],
      short: 'Order {orderRef}: your store reservation has ended. What happens next:',
    },
    refund_issued: {
      subject: 'Your order {orderRef}: your refund is on its way',
      headline: ['We have refunded {amount}', 'Your refund has been issued'],
      happened: [
        [
          'We have issued a refund of {amount} to your original payment method.',
          'We have issued your refund to your original payment method.',
        ],
      ],
      doing: [
        [
          'You should see it on your statement by {expectedBy}.',
          'Banks usually take a few working days to show it on your statement.',
        ],
      ],
      short: [
        'Order {orderRef}: refund of {amount} issued, on your statement by {expectedBy}. Details:',
        'Order {orderRef}: refund of {amount} issued. Details:',
        'Order {orderRef}: your refund has been issued. Details:',
      ],
    },
    credit_issued: {
      subject: 'Your order {orderRef}: store credit added',
      headline: [
        '{amount} of store credit is in your account',
        'Store credit has been added to your account',
      ],
      happened: [
        [
          'We have added {amount} of store credit to your account.',
          'We have added store credit to your account.',
        ],
      ],
      doing: [
        [
          'You can use it until {expiresAt}, online or in store.',
          'You can use it on your next purchase, online or in store.',
        ],
      ],
      short: [
        'Order {orderRef}: {amount} of store credit added to your account. Details:',
        'Order {orderRef}: store credit added to your account. Details:',
      ],
    },
    voucher_issued: {
      subject: 'Your order {orderRef}: a voucher for you',
      headline: 'A voucher, with our apologies',
      happened: [
        [
          'To make up for the trouble, here is a voucher worth {voucherValue}: {voucherCode}.',
          'To make up for the trouble, here is a voucher: {voucherCode}.',
          'To make up for the trouble, we have added a voucher to your account.',
        ],
      ],
      doing: [['It is valid until {expiresAt}.'], 'Use it at checkout on your next order.'],
      short: [
        'Order {orderRef}: with our apologies, voucher {voucherCode} ({voucherValue}). Details:',
        'Order {orderRef}: with our apologies, a voucher for you. Details:',
      ],
    },
    step_delayed: {
      subject: 'Your order {orderRef}: an update on timing',
      headline: ['Your {step} is delayed', 'One step is taking longer than planned'],
      happened: [
        [
          'Your {step} is taking longer than we promised: the new date is {newDate}.',
          'Your {step} is taking longer than we promised.',
          'One step of the solution is taking longer than we promised.',
        ],
      ],
      doing: [
        'We are sorry for the wait. We are following it closely and will tell you as soon as it moves.',
      ],
      short: [
        'Order {orderRef}: your {step} is delayed, new date {newDate}. Details:',
        'Order {orderRef}: one step is delayed and we are on it. Details:',
      ],
    },
    resolved: {
      subject: 'Your order {orderRef}: all sorted',
      headline: 'Everything is sorted',
      happened: ['Everything we promised has been done, and your case is now resolved.'],
      doing: [
        'Thank you for your patience. If anything is still not right, tell us from your case page and we will pick it up at once.',
      ],
      short: 'Order {orderRef}: your case is resolved. Thank you for your patience. Details:',
    },
    survey: {
      subject: 'How did we do with your order {orderRef}?',
      headline: 'How did we do?',
      happened: ['We recently sorted out a problem with your order {orderRef}.'],
      doing: [],
      choice: [
        'One click is enough: how would you rate the way we handled it, from 1 (poor) to 5 (excellent)?',
      ],
      short: 'Order {orderRef}: how did we do, from 1 to 5? One tap:',
    },
    survey_reminder: {
      subject: 'A moment to tell us about your order {orderRef}?',
      headline: 'We would still love to hear from you',
      happened: ['A few days ago we sorted out a problem with your order {orderRef}.'],
      doing: [],
      choice: [
        'If you have a moment, rate how we handled it from 1 to 5: one click is enough. This is the only reminder we will send.',
      ],
      short: 'Order {orderRef}: one tap to rate how we did (last reminder):',
    },
  },
  scores: ['1 · Poor', '2 · Fair', '3 · Good', '4 · Very good', '5 · Excellent'],
  phone: {
    opening: [
      'Hello, may I speak to {name}? I am calling from customer care about your order {orderRef}.',
      'Hello, I am calling from customer care about your order {orderRef}.',
    ],
    linkNote: 'We have also sent you a link where you can follow your case and choose at any time.',
    closing: 'Is there anything else I can help you with today?',
  },
};
