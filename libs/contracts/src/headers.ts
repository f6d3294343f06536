/**
 * Kafka record headers the hub reads and writes. Values are UTF-8 strings.
 * Partners may set the correlation id; everything else is the hub's.
 */
export const HEADERS = {
  correlationId: 'hub-correlation-id',
  messageId: 'hub-message-id',
  kind: 'hub-kind',
  // Error context on dead letters (issue 5): why, and where the message came from.
  reasonCode: 'hub-dlq-reason-code',
  reasonText: 'hub-dlq-reason-text',
  sourceTopic: 'hub-dlq-source-topic',
  sourcePartition: 'hub-dlq-source-partition',
  sourceOffset: 'hub-dlq-source-offset',
  rejectedAt: 'hub-dlq-rejected-at',
  routerVersion: 'hub-dlq-router-version',
  // Set when the dead letter holds only the first bytes of a record too large to keep whole
  // (TOO_LARGE): the record's full length in bytes and the SHA-256 (hex) of its whole value.
  originalLength: 'hub-dlq-original-length',
  originalSha256: 'hub-dlq-original-sha256',
  // Set when the dead letter leaves out partner headers too large to carry, or cuts the key: what
  // was left out ("name (N bytes)", comma-separated) and the key's full length in bytes.
  omittedHeaders: 'hub-dlq-omitted-headers',
  originalKeyLength: 'hub-dlq-original-key-length',
  replayOf: 'hub-replay-of',
} as const;
