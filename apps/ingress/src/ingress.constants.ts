export const SERVICE_NAME = 'ingress';
export const PARTNER_CREDENTIALS = Symbol('PARTNER_CREDENTIALS');
