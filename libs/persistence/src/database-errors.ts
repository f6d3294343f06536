import { PermanentError, TransientError } from '@hub/kafka';

/**
 * Whether a database failure may pass (the server restarts, a connection drops: retry in place) or
 * will not (a constraint, a bad value: the message is the problem). SQLSTATE classes 08 (connection),
 * 53 (resources), 57 (operator intervention) and 40 (serialisation/deadlock) are transient.
 */
export function classifyDatabaseError(error: unknown, what: string): TransientError | PermanentError {
  const code = (error as { code?: unknown }).code;
  const message = (error as Error).message ?? String(error);
  const transientNetwork =
    typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND)$/.test(code);
  const transientSql = typeof code === 'string' && /^(08|53|57|40)/.test(code);
  const driverGone =
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      message,
    );
  if (transientNetwork || transientSql || driverGone)
    return new TransientError(`${what}: database unavailable: ${message}`, error);
  return new PermanentError('DATABASE_REJECTED', `${what}: ${message}`);
}
