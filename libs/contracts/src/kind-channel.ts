import type { Channel } from './generated/messages';
import type { PartnerMessageKind } from './hub-codec';

/**
 * The partner channel a kind belongs to by name (`<channel>.<RecordName>`), or undefined for the
 * hub's own kinds (routing.*, events.*). Where a message *arrived* is its own fact.
 */
export function channelOfKind(kind: PartnerMessageKind): Channel;
export function channelOfKind(kind: string): Channel | undefined;
export function channelOfKind(kind: string): Channel | undefined {
  const folder = kind.slice(0, kind.indexOf('.'));
  return folder === 'beskedmodul' || folder === 'vitas' || folder === 'jobag' ? folder : undefined;
}
