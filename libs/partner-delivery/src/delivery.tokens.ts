export const HUB_CODEC = Symbol('HUB_CODEC');
export const PARTNER_CLIENT = Symbol('PARTNER_CLIENT');
export const PARTNER_DIRECTORY = Symbol('PARTNER_DIRECTORY');
export const PARTNER_LOCKS = Symbol('PARTNER_LOCKS');
export const DELIVERY_SETTINGS = Symbol('DELIVERY_SETTINGS');
export const QUEUE_CIPHER = Symbol('QUEUE_CIPHER');
