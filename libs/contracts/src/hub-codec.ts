import { MessageCodec } from './codec/message-codec';
import { fetchSchemaIds } from './codec/schema-registry-client';
import type { MessageKind, MessageTypes } from './generated/messages';

/** The codec typed with the generated message map: encode('x.Y', value) only compiles for a Y value. */
export type HubCodec = MessageCodec<MessageTypes>;

/**
 * The one injection token of a service's codec (`@Inject(HUB_CODEC) codec: HubCodec`), provided for
 * every service by HubServiceModule (libs/service) with loadServiceCodec.
 */
export const HUB_CODEC = Symbol('HUB_CODEC');

export function loadHubCodec(schemasDir?: string): HubCodec {
  return MessageCodec.load<MessageTypes>(schemasDir);
}

/**
 * The codec a service runs with: with a schema registry (HUB_SCHEMA_REGISTRY_URL), its ids for
 * schema-registry framing, looked up once at start-up; without one, the committed table's.
 */
export async function loadServiceCodec(
  registryUrl: string | undefined,
  schemasDir?: string,
): Promise<HubCodec> {
  const codec = loadHubCodec(schemasDir);
  if (registryUrl) codec.useSchemaIds(await fetchSchemaIds(registryUrl, codec));
  return codec;
}

export type PartnerMessageKind = Exclude<MessageKind, `routing.${string}` | `events.${string}`>;
