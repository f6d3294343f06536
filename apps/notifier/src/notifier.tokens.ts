export const NOTIFICATION_DIRECTORY = Symbol('NOTIFICATION_DIRECTORY');
/** Registers the outbox's gauges on /metrics (a provider with no value of its own). */
export const OUTBOX_GAUGES = Symbol('OUTBOX_GAUGES');
