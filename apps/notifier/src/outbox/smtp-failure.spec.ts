import { classifySmtpFailure } from './smtp-failure';

/** Builds an error as nodemailer reports it: message, code and (when the server answered) responseCode. */
function smtpError(message: string, code: string, responseCode?: number): Error {
  return Object.assign(new Error(message), { code, ...(responseCode ? { responseCode } : {}) });
}

describe(classifySmtpFailure.name, () => {
  it.each([
    [
      '550 to the recipient',
      smtpError("Can't send mail - all recipients were rejected: 550 no such user", 'EENVELOPE', 550),
    ],
    ['553 to the sender', smtpError('Mail command failed: 553 sender refused', 'EENVELOPE', 553)],
    ['554 to the content', smtpError('Message failed: 554 rejected as spam', 'EMESSAGE', 554)],
    ['552 message too large', smtpError('Message failed: 552 too large', 'EMESSAGE', 552)],
    ['an invalid recipient, before asking the server', smtpError('Invalid recipient "x"', 'EENVELOPE')],
  ])('a mail refused for good: %s', (_, error) => {
    expect(classifySmtpFailure(error)).toEqual({ kind: 'refused', reason: error.message });
  });

  it.each([
    [
      '451 greylisting',
      smtpError("Can't send mail - all recipients were rejected: 451 try later", 'EENVELOPE', 451),
    ],
    ['452 mailbox full', smtpError('Message failed: 452 mailbox full', 'EMESSAGE', 452)],
  ])('a mail refused for now: %s', (_, error) => {
    expect(classifySmtpFailure(error).kind).toBe('deferred');
  });

  it.each([
    [
      'connection refused',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2025'), { code: 'ESOCKET' }),
    ],
    ['connection dropped', smtpError('Connection closed unexpectedly', 'ECONNECTION')],
    ['421 shutting down', smtpError('Server terminates connection: 421 shutting down', 'ECONNECTION', 421)],
    ['timeout', smtpError('Greeting never received', 'ETIMEDOUT')],
    ['authentication (every mail meets it)', smtpError('Invalid login: 535 bad credentials', 'EAUTH', 535)],
    ['a pool that was closed', new Error('Connection pool was closed')],
    ['something that is not an Error', 'socket hang up'],
  ])('the server or connection failed: %s', (_, error) => {
    expect(classifySmtpFailure(error).kind).toBe('unavailable');
  });

  it('keeps the reason as given', () => {
    expect(classifySmtpFailure('socket hang up').reason).toBe('socket hang up');
  });
});
