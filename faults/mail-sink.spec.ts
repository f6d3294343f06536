import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createTransport } from 'nodemailer';

import { isWholeMail, receivedByMessageId } from './mail-sink';

/** A mail as the notifier's nodemailer puts it on the wire (text and HTML, CRLF line ends). */
async function composed(mailId: string): Promise<string> {
  const transport = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail({
    from: 'Integrationshubben <noreply@hub.invalid>',
    to: 'jobcenter@norddjurs.dk',
    subject: 'Ny besked til handling',
    messageId: `<${mailId}@hub.invalid>`,
    text: 'Der er kommet en indstilling om tidligt tilbud, som I skal behandle.\n'.repeat(5),
    html: `<p>${'Der er kommet en indstilling om tidligt tilbud. '.repeat(5)}</p>`,
  });
  return (info.message as Buffer).toString('utf8');
}

describe('mails counted by Message-ID in the SMTP sink', () => {
  let mailDir: string;

  beforeEach(() => {
    mailDir = mkdtempSync(join(tmpdir(), 'mail-sink-'));
  });

  afterEach(() => {
    rmSync(mailDir, { recursive: true, force: true });
  });

  it('takes a whole mail as whole, and a mail cut anywhere (a sink stopped mid-mail) as cut', async () => {
    const mail = await composed('whole');
    expect(isWholeMail(mail)).toBe(true);
    const cuts = {
      'in the header': mail.indexOf('Subject:') + 3,
      'right after the header': mail.indexOf('\r\n\r\n') + 4,
      'in the text part': mail.indexOf('tidligt tilbud') + 3,
      'in the HTML part': mail.indexOf('<p>') + 10,
      'before the closing boundary': mail.trimEnd().length - 3,
    };
    for (const [where, at] of Object.entries(cuts))
      expect({ where, whole: isWholeMail(mail.slice(0, at)) }).toEqual({ where, whole: false });
  });

  it('counts each whole mail under its Message-ID, a mail received twice twice, and leaves cut files out', async () => {
    const once = await composed('once');
    const twice = await composed('twice');
    const resent = await composed('resent');
    writeFileSync(join(mailDir, 'a.eml'), once);
    writeFileSync(join(mailDir, 'b.eml'), twice);
    writeFileSync(join(mailDir, 'c.eml'), twice);
    // The first attempt cut by the sink's stop, then the sender's second attempt, whole.
    writeFileSync(join(mailDir, 'd.eml'), resent.slice(0, resent.indexOf('<p>')));
    writeFileSync(join(mailDir, 'e.eml'), resent);
    // maildev keeps attachments in folders beside the mails: not mails.
    writeFileSync(join(mailDir, 'notes.txt'), once);

    expect(Object.fromEntries(receivedByMessageId(mailDir))).toEqual({
      '<once@hub.invalid>': 1,
      '<twice@hub.invalid>': 2,
      '<resent@hub.invalid>': 1,
    });
  });

  it('finds nothing in a sink that has not written its folder yet', () => {
    expect(receivedByMessageId(join(mailDir, 'not-there')).size).toBe(0);
  });
});
