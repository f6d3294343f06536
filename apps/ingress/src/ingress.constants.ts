export const SERVICE_NAME = 'ingress';
export const INGRESS_CODEC = Symbol('INGRESS_CODEC');
export const PARTNER_CREDENTIALS = Symbol('PARTNER_CREDENTIALS');
