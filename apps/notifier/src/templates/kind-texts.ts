import { kindDefinitionOf } from '@hub/kinds';

/**
 * Danish words for what arrived and what the receiver must do, per message kind: the kind's Danish
 * name and its mail text, both in the kind's file in libs/kinds (the registry there is typed by the
 * contracts' kinds, so a kind added to the schemas does not build until it has them). Texts name no
 * person: the caseworker looks the message up by its reference in their own system.
 */
export interface KindText {
  what: string;
  action: string;
  /** A neuter noun takes "Nyt" in the subject (et svar, et afslag), a common one "Ny". */
  neuter?: true;
}

export const DEFAULT_KIND_TEXT: KindText = { what: 'besked', action: 'Se beskeden i jeres fagsystem.' };

/** The texts of a kind named by an event (a string on the wire), if the hub knows the kind. */
export function kindTextOf(kind: string): KindText | undefined {
  const definition = kindDefinitionOf(kind);
  return definition && { what: definition.label.da, ...definition.mail };
}
