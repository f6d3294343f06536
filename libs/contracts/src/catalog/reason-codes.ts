/**
 * Every reason the hub gives for not passing a message on, in one place: the code in dead letters
 * (`hub-dlq-reason-code`), rejection receipts (`reasonCode`), the ingress's 4xx answers, the exchange
 * log and the dashboard. The codes are stable (partners' systems and dashboards key on them): never
 * rename one, add a new one. The code is typed by this table, so a reason raised anywhere without an
 * entry here does not build, and the dashboard names every one of them.
 *
 * `where` says which step raises it (docs/reason-codes.md, generated from this table, explains the
 * steps); `da`/`en` are what a caseworker or an operator reads.
 */
export type ReasonStage = 'decode' | 'validate' | 'agreement' | 'route' | 'deliver' | 'record';

export interface ReasonDescription {
  readonly where: ReasonStage;
  readonly da: string;
  readonly en: string;
}

export const REASON_CODES = {
  // Decoding the record: the same bytes will never decode, so these are never retried.
  WRONG_MARKER: {
    where: 'decode',
    da: 'Ikke en Avro-besked i et kendt format',
    en: 'Not an Avro message in a known framing',
  },
  TRUNCATED: { where: 'decode', da: 'Beskeden er afkortet', en: 'The message is cut short' },
  UNKNOWN_SCHEMA: {
    where: 'decode',
    da: 'Ukendt skema (fingeraftryk)',
    en: 'Unknown schema (fingerprint)',
  },
  UNKNOWN_SCHEMA_ID: {
    where: 'decode',
    da: 'Ukendt skema-id fra skemaregistret',
    en: 'Unknown schema-registry id',
  },
  TRAILING_BYTES: {
    where: 'decode',
    da: 'Overskydende bytes efter beskeden',
    en: 'Bytes left over after the message',
  },
  INVALID_BODY: {
    where: 'decode',
    da: 'Beskedens indhold kan ikke læses med skemaet',
    en: 'The body does not decode with its schema',
  },
  INVALID_VALUE: {
    where: 'decode',
    da: 'En værdi passer ikke til skemaet',
    en: 'A value does not fit its schema',
  },
  UNKNOWN_KIND: { where: 'decode', da: 'Ukendt beskedtype', en: 'Unknown message kind' },
  EMPTY_MESSAGE: { where: 'decode', da: 'Tom besked', en: 'Empty message' },
  INVALID_JSON: {
    where: 'decode',
    da: 'Ugyldig JSON (HTTP-indgang)',
    en: 'Invalid JSON (HTTP ingress)',
  },
  TOO_LARGE: { where: 'decode', da: 'Beskeden er for stor', en: 'The message is too large' },
  UNKNOWN_TOPIC: {
    where: 'decode',
    da: 'Modtaget på et emne, hubben ikke kender',
    en: 'Received on a topic the hub does not know',
  },
  UNKNOWN_SENDER: {
    where: 'decode',
    da: 'Ingen kendt part sender på emnet',
    en: 'No known partner publishes on the topic',
  },
  NOT_A_PARTNER_MESSAGE: {
    where: 'decode',
    da: 'Hubbens egen beskedtype, ikke en parts',
    en: "The hub's own message kind, not a partner's",
  },
  // Checking the message before any agreement is consulted.
  UNAUTHENTICATED: {
    where: 'validate',
    da: 'Afsenderen er ikke logget ind (HTTP-indgang)',
    en: 'The sender is not authenticated (HTTP ingress)',
  },
  CREDENTIALS_DISAGREE: {
    where: 'validate',
    da: 'API-nøgle og klientcertifikat tilhører hver sin part (HTTP-indgang)',
    en: 'API key and client certificate belong to different partners (HTTP ingress)',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    where: 'validate',
    da: 'Ukendt indholdstype (HTTP-indgang)',
    en: 'Unsupported media type (HTTP ingress)',
  },
  CHANNEL_NOT_ALLOWED: {
    where: 'validate',
    da: 'Parten må ikke sende ad beskedtypens kanal',
    en: "The partner may not publish on the kind's channel",
  },
  INVALID_RECORD_KEY: {
    where: 'validate',
    da: 'Ugyldig beskednøgle (HTTP-indgang)',
    en: 'Invalid record key (HTTP ingress)',
  },
  INVALID_CORRELATION_ID: {
    where: 'validate',
    da: 'Ugyldigt korrelations-id',
    en: 'Invalid correlation id',
  },
  NUL_IN_TEXT: {
    where: 'validate',
    da: 'Tekst med NUL-tegn (U+0000)',
    en: 'Text holding a NUL character (U+0000)',
  },
  TEXT_TOO_LONG: {
    where: 'validate',
    da: 'Fritekst længere end skemaet tillader',
    en: 'Free text longer than its schema allows',
  },
  SENDER_MISMATCH: {
    where: 'validate',
    da: 'Afsender passer ikke med kanalen',
    en: 'Sender does not match its topic',
  },
  INVALID_CPR: { where: 'validate', da: 'Ugyldigt CPR-nummer', en: 'Invalid CPR number' },
  INVALID_CVR: { where: 'validate', da: 'Ugyldigt CVR-nummer', en: 'Invalid CVR number' },
  INVALID_P_NUMBER: { where: 'validate', da: 'Ugyldigt P-nummer', en: 'Invalid P-number' },
  INVALID_PARTY_CODE: { where: 'validate', da: 'Ugyldig partskode', en: 'Invalid party code' },
  NO_RECEIVER: { where: 'validate', da: 'Ingen modtager', en: 'No receiver' },
  UNKNOWN_RECEIVER: { where: 'validate', da: 'Ukendt modtager', en: 'Unknown receiver' },
  UNROUTABLE_RECEIVER: {
    where: 'validate',
    da: 'Modtager kan ikke nås',
    en: 'Receiver cannot be reached',
  },
  INVALID_ANSWER_REFERENCE: {
    where: 'validate',
    da: 'Ugyldig henvisning til det besvarede',
    en: 'Invalid reference to what is answered',
  },
  NO_RECEIVED_TIME: {
    where: 'validate',
    da: 'Intet modtagelsestidspunkt',
    en: 'No time of receipt',
  },
  // The agreements' rules (libs/agreements/src/rules/finding.ts): a finding whose severity is
  // `reject` becomes the reason; the others are kept as findings on a delivered exchange.
  NO_AGREEMENT_IN_FORCE: {
    where: 'agreement',
    da: 'Ingen aftale i kraft på datoen',
    en: 'No agreement in force on the date',
  },
  OUTSIDE_ANY_AGREEMENT: {
    where: 'agreement',
    da: 'Uden for enhver aftale',
    en: 'Outside any agreement',
  },
  WRONG_CHANNEL: {
    where: 'agreement',
    da: 'Sendt ad en kanal aftalen ikke tillader',
    en: 'Sent on a channel the agreement does not allow',
  },
  WRONG_PHASE: {
    where: 'agreement',
    da: 'Sendt i en fase aftalen ikke tillader',
    en: 'Sent in a phase the agreement does not allow',
  },
  OUTSIDE_TARGET_GROUP: {
    where: 'agreement',
    da: 'Borgeren er uden for aftalens målgruppe',
    en: "The citizen is outside the agreement's target group",
  },
  RECOMMENDATION_INCOMPLETE: {
    where: 'agreement',
    da: 'Indstilling mangler oplysninger',
    en: 'Recommendation lacks required fields',
  },
  RISK_NOTICE_LATE: {
    where: 'agreement',
    da: 'Besked om risiko sendt for sent',
    en: 'Risk notice sent too late',
  },
  RESPONSE_LATE: { where: 'agreement', da: 'Svar sendt for sent', en: 'Answer sent too late' },
  PLACEMENT_STARTED_BEFORE_GRANT: {
    where: 'agreement',
    da: 'Praktik/løntilskud startet før bevilling',
    en: 'Placement started before it was granted',
  },
  RATIO_RULE_EXCEEDED: {
    where: 'agreement',
    da: 'Rimelighedskravet overskredet',
    en: 'Ratio rule exceeded',
  },
  UNION_CONSENT_MISSING: {
    where: 'agreement',
    da: 'Samtykke til faglig organisation mangler',
    en: 'Consent to involve the union missing',
  },
  CLAIMED_TIME_DIVERGES: {
    where: 'agreement',
    da: 'Afsenders tidspunkt afviger fra modtagelsen',
    en: "The sender's claimed time differs from receipt",
  },
  RULE_REJECTED: {
    where: 'agreement',
    da: 'Afvist af aftalens regler',
    en: "Rejected by the agreement's rules",
  },
  // Routing: producing the receivers' copies.
  NO_SCHEMA_ID: {
    where: 'route',
    da: 'Modtagers format kræver et skema-id, der mangler',
    en: "The receiver's framing needs a schema id the hub lacks",
  },
  OUTPUT_TOO_LARGE: {
    where: 'route',
    da: 'Hubbens videresendte besked ville blive for stor',
    en: "The hub's copy of it would be too large",
  },
  HANDLER_ERROR: {
    where: 'route',
    da: 'Uventet fejl i hubben',
    en: 'Unexpected error in the hub',
  },
  // Delivering to a partner's system.
  PARTNER_REFUSED: {
    where: 'deliver',
    da: 'Modtagers system afviste',
    en: "Receiver's system refused",
  },
  DELIVERY_PARKED: {
    where: 'deliver',
    da: 'Levering sat til side efter gentagne fejl',
    en: 'Delivery parked after failing repeatedly',
  },
  UNDELIVERABLE: {
    where: 'deliver',
    da: 'Leveringen kunne ikke læse hubbens dokument',
    en: "The delivery could not read the hub's document",
  },
  // Recording: the monitor's exchange log and the notifier's mails.
  DATABASE_REJECTED: {
    where: 'record',
    da: 'Databasen afviste beskeden',
    en: 'The database refused the message',
  },
  MONITOR_REJECTED: {
    where: 'record',
    da: 'Overvågningen kunne ikke registrere beskeden',
    en: 'The monitor could not record the message',
  },
  NOTIFIER_REJECTED: {
    where: 'record',
    da: 'Mailtjenesten kunne ikke behandle beskeden',
    en: 'The notifier could not handle the message',
  },
} as const satisfies Record<string, ReasonDescription>;

export type ReasonCode = keyof typeof REASON_CODES;

export function isReasonCode(code: string): code is ReasonCode {
  return Object.prototype.hasOwnProperty.call(REASON_CODES, code);
}
