/** A timestamp column as an ISO string (pg returns Date), or null. */
export const iso = (value: Date | string | null): string | null =>
  value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();

/** count(*) comes back from pg as a string (bigint). */
export const num = (value: string | number | null): number => (value === null ? 0 : Number(value));
