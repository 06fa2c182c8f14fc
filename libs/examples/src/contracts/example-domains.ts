/** Domains of the demo system. */
export const ORDERS_DOMAIN = 'orders';
export const PAYMENTS_DOMAIN = 'payments';

/** Money travels as a decimal string (`"19.99"`), never a float, so no amount is rounded on the way. */
export const MONEY_PATTERN = /^(0|[1-9]\d*)(\.\d{1,4})?$/;

/** E.164 phone number, e.g. `+4915112345678`. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
