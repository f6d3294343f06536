/**
 * Text the hub can keep. Avro strings may hold any Unicode character, but PostgreSQL's text and jsonb
 * refuse U+0000 (NUL), and the hub keeps what it routes in PostgreSQL (the exchange log, the delivery
 * queue, the mail outbox). A message holding a NUL is therefore valid Avro the hub cannot carry
 * through: the router refuses it as a whole before anything is delivered (apps/router/README.md).
 */

const NUL = '\u0000';

/**
 * Dotted paths (as findIdentifierProblems names them: `envelope.sender.id`, `items.2.text`) of every
 * string in a decoded message that holds a NUL character, including map keys (`<path>.<key>` is
 * reported with the NUL shown as `\0`). Bytes fields are not text and are left alone. Empty when the
 * message holds none.
 */
export function findNulTextPaths(value: unknown, path: readonly string[] = []): string[] {
  // Every message the router reads passes here: the common case (no NUL) is answered without
  // building a path per field.
  if (!holdsNul(value)) return [];
  const found: string[] = [];
  walk(value, path, found);
  return found;
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value)) return false;
  if (Array.isArray(value)) return value.some(holdsNul);
  for (const key of Object.keys(value)) {
    if (key.includes(NUL) || holdsNul((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

function walk(value: unknown, path: readonly string[], found: string[]): void {
  if (typeof value === 'string') {
    if (value.includes(NUL)) found.push(path.length > 0 ? path.join('.') : '(root)');
    return;
  }
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value)) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, [...path, String(index)], found));
    return;
  }
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    // A map key is text the hub keeps too (as a jsonb key); it is named with the NUL shown as \0.
    const shown = key.includes(NUL) ? key.split(NUL).join('\\0') : key;
    if (shown !== key) found.push([...path, shown].join('.'));
    walk(field, [...path, shown], found);
  }
}
