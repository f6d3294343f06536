/**
 * A CPR number never appears in logs in clear (the brief, and tavshedspligt). The logger runs every
 * line through this, whatever the code logged: DDMMYY-SSSS or DDMMYYSSSS with a plausible day and
 * month becomes [CPR]. Over-redacting another 10-digit number is the safe error.
 */
const CPR_PATTERN = /(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])(\d{2})-?(\d{4})(?!\d)/g;

export const CPR_REDACTED = '[CPR]';

export function redactCprInText(text: string): string {
  return text.replace(CPR_PATTERN, CPR_REDACTED);
}

export function redactCpr<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redactCprInText(value) as T;
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const error = new Error(redactCprInText(value.message));
    error.name = value.name;
    error.stack = value.stack ? redactCprInText(value.stack) : undefined;
    return error as T;
  }
  if (Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => redactCpr(item, depth + 1)) as T;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>))
    copy[key] = redactCpr(item, depth + 1);
  return copy as T;
}
