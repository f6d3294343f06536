/**
 * Categories the router can state about the citizen, used by agreements' target groups.
 *
 * A closed list on purpose: a category is only useful if the router knows how to derive it from a
 * message, so a new category is a code change in the router anyway. New agreements reuse these.
 */
export const CITIZEN_CATEGORIES = [
  /** Forsikret ledig / a-dagpengemodtager. */
  'insured-unemployed',
  /** Sygemeldt beskæftiget (seed 002 §1.2). */
  'sick-listed-employed',
  /** Sygemeldt ledig (seed 002 §1.2). */
  'sick-listed-unemployed',
  /** Fleksjobvisiteret (seed 002 §1.2). */
  'flex-job-referred',
  /** Omfattet af a-kasseforsøget 2020–2023 (seed 002 §1.2 and §3.4 exclude them). */
  'akasse-trial-2020',
  /** Omfattet af jobcentrets specialindsats (seed 003 excludes them). */
  'jobcenter-special-effort',
  /** In a delimited group of young unemployed that the parties agreed to include (seed 003). */
  'agreed-youth-group',
  /** Chose at the start of unemployment that the jobcenter runs the contact course (seed 003). */
  'chose-jobcenter',
] as const;
export type CitizenCategory = (typeof CITIZEN_CATEGORIES)[number];
