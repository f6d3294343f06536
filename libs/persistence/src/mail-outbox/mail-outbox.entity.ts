import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** `single`: a mail of its own; `digest-item`: held for a mailbox's daily digest; `digest`: that digest. */
export type MailKind = 'single' | 'digest-item' | 'digest';

/**
 * `pending` → `sending` → `sent` for mails that go out (`sending` → `pending` again when the SMTP
 * server did not take it, `sending` → `failed` when it refused the mail for good, with the reason in
 * `last_error`); `held` → `digested` for digest items.
 */
export type MailStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'held' | 'digested';

/** What a daily digest lists about one item: no name, no CPR number (like the mail itself). */
export interface DigestItem {
  reference: string;
  messageId: string;
  what: string;
  action: string;
  senderName: string;
  receiverName: string;
  channel: string;
  due: { dueOn: string; workingDays: number } | null;
  agreementTitle: string | null;
  clauseRef: string | null;
  findings: { code: string; messageDa: string }[];
}

/**
 * A caseworker e-mail, recorded before it is sent (outbox). The mail id is deterministic (from the
 * event it is about), so recording twice is a no-op, and it is the mail's Message-ID, so a mail
 * sent again after a crash between SMTP accept and settling it is recognisable (and counted in
 * `resends`).
 */
@Entity({ name: 'mail_outbox' })
export class MailOutboxEntry {
  @PrimaryColumn({ name: 'mail_id', type: 'uuid' })
  mailId!: string;

  @Column({ type: 'text' })
  mailbox!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'body_text', type: 'text' })
  bodyText!: string;

  @Column({ name: 'body_html', type: 'text' })
  bodyHtml!: string;

  @Column({ name: 'message_ids', type: 'jsonb', default: () => "'[]'" })
  messageIds!: string[];

  @Index()
  @Column({ type: 'text', default: 'pending' })
  status!: MailStatus;

  @Column({ name: 'mail_kind', type: 'text', default: 'single' })
  mailKind!: MailKind;

  /** The Danish date of the digest an item belongs to (`YYYY-MM-DD`), or that a digest is for. */
  @Column({ name: 'digest_date', type: 'date', nullable: true })
  digestDate!: string | null;

  /** On a digest item: the digest mail it went out in. */
  @Column({ name: 'digest_id', type: 'uuid', nullable: true })
  digestId!: string | null;

  @Column({ name: 'digest_item', type: 'jsonb', nullable: true })
  digestItem!: DigestItem | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Index()
  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** While `sending`: when its sender marked it, before handing it to SMTP. */
  @Column({ name: 'sending_since', type: 'timestamptz', nullable: true })
  sendingSince!: Date | null;

  /** While `sending`: the notifier instance sending it. */
  @Column({ name: 'sending_by', type: 'text', nullable: true })
  sendingBy!: string | null;

  /**
   * Times the mail was sent again because its sender was interrupted between SMTP and settling it
   * (found `sending` past the timeout): the receiving side may have it that many times more.
   */
  @Column({ type: 'int', default: 0 })
  resends!: number;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /** Whether the NotificationSent event for this mail is on Kafka (published after the send). */
  @Column({ name: 'event_published', type: 'boolean', default: false })
  eventPublished!: boolean;
}
