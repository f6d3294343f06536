const COPENHAGEN_DATE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Danish calendar date of an instant: agreements and deadlines count Danish days. */
export function danishDateOf(isoTimestamp: string): string {
  return COPENHAGEN_DATE.format(new Date(isoTimestamp));
}
