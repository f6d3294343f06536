import { PermanentError, TransientError } from '@hub/common';
import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

/**
 * Whether a database failure may pass (the server restarts, a connection drops: retry in place) or
 * will not (a constraint, a bad value: the message is the problem). SQLSTATE classes 08 (connection),
 * 53 (resources), 57 (operator intervention) and 40 (serialisation/deadlock) are transient.
 *
 * So is TypeORM's "query runner already released" in the middle of a transaction: TypeORM releases
 * a runner by itself when the server ends its session between two statements (a restart,
 * pg_terminate_backend), and the next statement fails with it. Taken as permanent, it sent the
 * records of a chunk cut short that way to the poison path: an event the exchange log never applied.
 */
export function classifyDatabaseError(error: unknown, what: string): TransientError | PermanentError {
  const code = (error as { code?: unknown }).code;
  const message = (error as Error).message ?? String(error);
  const transientNetwork =
    typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND)$/.test(code);
  const transientSql = typeof code === 'string' && /^(08|53|57|40)/.test(code);
  const driverGone =
    error instanceof QueryRunnerAlreadyReleasedError ||
    error instanceof QueryRunnerProviderAlreadyReleasedError ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable/i.test(
      message,
    );
  if (transientNetwork || transientSql || driverGone)
    return new TransientError(`${what}: database unavailable: ${message}`, error);
  return new PermanentError('DATABASE_REJECTED', `${what}: ${message}`);
}
