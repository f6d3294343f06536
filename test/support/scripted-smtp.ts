import { once } from 'node:events';
import { AddressInfo, createServer, Server, Socket } from 'node:net';

/** A mail the scripted server accepted. */
export interface AcceptedMail {
  messageId: string | undefined;
  to: string;
  /** Which connection (1, 2, ... in the order they were opened) carried it. */
  connection: number;
}

export interface ScriptedSmtpOptions {
  /** The reply to `RCPT TO:<address>`, e.g. `550 5.1.1 no such mailbox`; default `250 OK`. */
  recipientReply?: (address: string) => string;
  /** How long the server takes before it answers a mail's content (its DATA). */
  dataDelayMs?: number;
}

/**
 * A small SMTP server on 127.0.0.1 whose answers a test scripts: refuse a recipient for good (5xx)
 * or for now (4xx), take its time over each mail. It counts what the mail tests need to see:
 * connections opened, mails in progress at once (from MAIL FROM to the final answer) and the most of
 * them, and every mail accepted with its Message-ID. Plain SMTP without extensions, as nodemailer
 * speaks it to a server that offers none.
 */
export class ScriptedSmtpServer {
  readonly accepted: AcceptedMail[] = [];
  connectionsOpened = 0;
  mailsInProgress = 0;
  mostMailsInProgress = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly options: ScriptedSmtpOptions = {}) {
    this.server = createServer((socket) => this.converse(socket));
  }

  async start(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `smtp://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private converse(socket: Socket): void {
    const connection = ++this.connectionsOpened;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const reply = (line: string): void => {
      if (!socket.destroyed) socket.write(`${line}\r\n`);
    };
    let buffered = '';
    let inData = false;
    let inMail = false;
    let recipient = '';
    let content: string[] = [];
    const endMail = (): void => {
      if (inMail) this.mailsInProgress -= 1;
      inMail = false;
    };
    socket.on('close', endMail);
    const onLine = (line: string): void => {
      if (inData) {
        if (line !== '.') {
          content.push(line);
          return;
        }
        inData = false;
        const headers = content.slice(0, content.indexOf(''));
        const messageId = headers
          .find((header) => /^message-id:/i.test(header))
          ?.replace(/^message-id:\s*/i, '')
          .trim();
        setTimeout(() => {
          if (socket.destroyed) return;
          this.accepted.push({ messageId, to: recipient, connection });
          endMail();
          reply('250 OK: queued');
        }, this.options.dataDelayMs ?? 0);
        return;
      }
      const command = line.slice(0, 4).toUpperCase();
      if (command === 'EHLO' || command === 'HELO') reply('250 scripted');
      else if (command === 'MAIL') {
        inMail = true;
        this.mailsInProgress += 1;
        this.mostMailsInProgress = Math.max(this.mostMailsInProgress, this.mailsInProgress);
        reply('250 OK');
      } else if (command === 'RCPT') {
        recipient = /<([^>]*)>/.exec(line)?.[1] ?? '';
        const answer = this.options.recipientReply?.(recipient) ?? '250 OK';
        // A refused recipient ends the attempt: nodemailer goes no further with this mail.
        if (!answer.startsWith('2')) endMail();
        reply(answer);
      } else if (command === 'DATA') {
        inData = true;
        content = [];
        reply('354 go ahead');
      } else if (command === 'RSET') {
        endMail();
        reply('250 OK');
      } else if (command === 'QUIT') {
        reply('221 bye');
        socket.end();
      } else if (command === 'NOOP') reply('250 OK');
      else reply('502 not implemented');
    };
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      for (let end = buffered.indexOf('\r\n'); end >= 0; end = buffered.indexOf('\r\n')) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        onLine(line);
      }
    });
    reply('220 scripted SMTP server for tests');
  }
}
