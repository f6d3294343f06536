import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import * as avro from 'avsc';

import { MessageCodec } from '../../libs/contracts/src/codec/message-codec';
import { registrySubject } from '../../libs/contracts/src/codec/schema-registry-client';

/** The part of the stock library's Avro type a partner uses: its own values in, Avro out. */
interface StockAvroType {
  fromBuffer(buffer: Buffer): unknown;
}

/**
 * A partner system that writes and reads schema-registry framing with the stock Node serializer,
 * `@kafkajs/confluent-schema-registry`, unchanged: `encode(id, value)` and `decode(bytes)`.
 *
 * With a registry it does what a partner does: asks the registry for the latest id of the kind's
 * subject (the record name strategy, which is also the library's own default subject) and lets
 * the library fetch the schema by id. Without one (a machine where no registry runs, and the
 * recorded fixture) the library's schema cache is given the committed id's schema up front, which
 * is what its first fetch from a registry would put there; encoding and decoding are the
 * library's own either way.
 */
export class StockRegistryPartner {
  private constructor(
    private readonly registry: SchemaRegistry,
    private readonly idOf: (kind: string) => Promise<number>,
    private readonly codec: MessageCodec,
  ) {}

  static async connect(
    registryUrl: string | undefined,
    codec: MessageCodec = MessageCodec.load(),
  ): Promise<StockRegistryPartner> {
    if (registryUrl) {
      const registry = new SchemaRegistry({ host: registryUrl });
      return new StockRegistryPartner(
        registry,
        (kind) => registry.getLatestSchemaId(registrySubject(kind)),
        codec,
      );
    }
    // Nothing listens here: every schema the partner needs is in the cache before it is asked for.
    const registry = new SchemaRegistry({ host: 'http://127.0.0.1:9' });
    const table = codec.schemaIdTable();
    if (!table) throw new Error('no schema registry and no committed schema ids (schemas/registry-ids.json)');
    for (const writer of codec.writerSchemas()) {
      const id = table.idOf(writer.fingerprint);
      if (id !== undefined) primeCache(registry, id, writer.schema);
    }
    const current = (kind: string): number => {
      const id = table.idOf(codec.fingerprintOf(kind));
      if (id === undefined) throw new Error(`${kind} has no committed schema id`);
      return id;
    };
    return new StockRegistryPartner(registry, async (kind) => current(kind), codec);
  }

  /**
   * What the partner's system sends for this message: the value as the partner's own code holds it
   * (the library's plain Avro types, no hub logical types), encoded by the stock serializer.
   */
  async encode(kind: string, hubValue: unknown): Promise<Buffer> {
    const id = await this.idOf(kind);
    const type = (await this.registry.getSchema(id)) as unknown as StockAvroType;
    const body = this.codec.encode(kind, hubValue).subarray(10); // The Avro body behind C3 01 + fingerprint.
    return this.registry.encode(id, type.fromBuffer(body));
  }

  /** What the stock deserializer makes of bytes the hub wrote for this partner. */
  decode(bytes: Buffer): Promise<unknown> {
    return this.registry.decode(bytes);
  }
}

function primeCache(registry: SchemaRegistry, id: number, schema: unknown): void {
  // What the library puts in its cache after fetching schema `id` from a registry: the Avro type
  // parsed with avsc's defaults (it passes no options unless given some), under the schema's type.
  registry.cache.setSchema(id, SchemaType.AVRO, avro.Type.forSchema(schema as avro.Schema));
}
