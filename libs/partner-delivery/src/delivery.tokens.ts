/** The codec: the hub's one token, provided by HubServiceModule (libs/service). */
export { HUB_CODEC } from '@hub/contracts';
export const PARTNER_CLIENT = Symbol('PARTNER_CLIENT');
export const PARTNER_DIRECTORY = Symbol('PARTNER_DIRECTORY');
export const PARTNER_LOCKS = Symbol('PARTNER_LOCKS');
export const DELIVERY_SETTINGS = Symbol('DELIVERY_SETTINGS');
export const QUEUE_CIPHER = Symbol('QUEUE_CIPHER');
/** Registers the delivery queue's gauges on /metrics (a provider with no value of its own). */
export const DELIVERY_QUEUE_GAUGES = Symbol('DELIVERY_QUEUE_GAUGES');
