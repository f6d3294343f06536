import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A caseworker e-mail, recorded before it is sent (outbox). The mail id is deterministic (from the
 * event it is about), so recording twice is a no-op, and it is the mail's Message-ID, so a mail
 * sent again after a crash between SMTP accept and the status update is recognisable.
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

  /** pending | sent */
  @Index()
  @Column({ type: 'text', default: 'pending' })
  status!: string;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Index()
  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /** Whether the NotificationSent event for this mail is on Kafka (published after the send). */
  @Column({ name: 'event_published', type: 'boolean', default: false })
  eventPublished!: boolean;
}
