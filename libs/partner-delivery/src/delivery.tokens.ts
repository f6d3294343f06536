export const HUB_CODEC = Symbol('HUB_CODEC');
export const PARTNER_CLIENT = Symbol('PARTNER_CLIENT');
