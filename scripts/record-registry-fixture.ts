/**
 * Records what a partner's stock Node serializer (`@kafkajs/confluent-schema-registry`) writes for
 * the example EarlyOfferRecommendation with its committed schema id (schemas/registry-ids.json):
 * libs/contracts/src/codec/fixtures/registry-framed.beskedmodul.EarlyOfferRecommendation.json. The
 * codec's unit tests read these bytes, and check the hub writes the same (registry-framing.spec.ts).
 * Run again only when the example or the id changes:
 *
 *   npx ts-node --transpile-only scripts/record-registry-fixture.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { MessageCodec } from '../libs/contracts/src/codec/message-codec';
import { findRepoRoot } from '../libs/contracts/src/repo-paths';
import { StockRegistryPartner } from '../test/support/registry-partner';

const KIND = 'beskedmodul.EarlyOfferRecommendation';

async function main(): Promise<void> {
  const root = findRepoRoot(__dirname);
  const codec = MessageCodec.load(join(root, 'schemas'));
  const example: unknown = JSON.parse(readFileSync(join(root, 'schemas/examples', `${KIND}.json`), 'utf8'));
  const partner = await StockRegistryPartner.connect(undefined, codec);
  const bytes = await partner.encode(KIND, codec.fromJson(KIND as never, example));
  const library = JSON.parse(
    readFileSync(join(root, 'node_modules/@kafkajs/confluent-schema-registry/package.json'), 'utf8'),
  ) as { version: string };
  const fixture = {
    kind: KIND,
    schemaId: bytes.readUInt32BE(1),
    encoder: `@kafkajs/confluent-schema-registry ${library.version}`,
    base64: bytes.toString('base64'),
  };
  const file = join(root, 'libs/contracts/src/codec/fixtures', `registry-framed.${KIND}.json`);
  writeFileSync(file, `${JSON.stringify(fixture, null, 2)}\n`);
  console.log(`recorded ${bytes.length} bytes, schema id ${fixture.schemaId}, by ${fixture.encoder}`);
}

void main();
