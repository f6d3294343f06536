export const SIMULATOR_CODEC = Symbol('SIMULATOR_CODEC');
