/** Where the simulated partners publish (a RecordSink): Kafka, or the hub's HTTP ingress. */
export const PARTNER_PUBLISHER = Symbol('PARTNER_PUBLISHER');
