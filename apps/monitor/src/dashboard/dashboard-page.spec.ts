import { KIND_LABELS, REASON_CODES } from '@hub/contracts';

import { renderDashboardPage } from './dashboard-page';

describe(renderDashboardPage.name, () => {
  const page = renderDashboardPage({
    agreements: { 'norddjurs-akasse-2024': { da: 'Norddjurs </script><b>', en: 'Norddjurs' } },
  });

  it('is one self-contained page: no external script, style or font', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|url\(http/);
  });

  it('embeds the agreement titles as JSON that cannot close its script element', () => {
    expect(page).not.toContain('Norddjurs </script>');
    expect(page).toContain('Norddjurs \\u003c/script>\\u003cb>');
  });

  it('speaks Danish by default and has every English text too', () => {
    expect(page).toContain('<html lang="da">');
    const keys = (language: 'da' | 'en'): string[] => {
      const block = new RegExp(`${language}: \\{([\\s\\S]*?)\\n    \\}`).exec(page)?.[1] ?? '';
      return [...block.matchAll(/(?:^|[,\n])\s*(\w+): '/g)].map((match) => match[1]).sort();
    };
    expect(keys('da').length).toBeGreaterThan(30);
    expect(keys('en')).toEqual(keys('da'));
  });

  it('names every message kind in Danish and English, from the shared labels', () => {
    const json = /<script type="application\/json" id="hub-kinds">(.*?)<\/script>/.exec(page)?.[1] ?? '{}';
    const names = JSON.parse(json) as Record<string, { da: string; en: string }>;
    expect(Object.keys(names).sort()).toEqual(Object.keys(KIND_LABELS).sort());
    expect(Object.keys(names)).toHaveLength(25);
    expect(names['vitas.PlacementGranted']).toEqual({
      da: 'Bevilling af virksomhedsrettet tilbud',
      en: 'Placement granted',
    });
  });

  it('names every reason the hub gives, from the one table of reasons', () => {
    const json = /<script type="application\/json" id="hub-reasons">(.*?)<\/script>/.exec(page)?.[1] ?? '{}';
    const names = JSON.parse(json) as Record<string, { da: string; en: string }>;
    expect(Object.keys(names).sort()).toEqual(Object.keys(REASON_CODES).sort());
    // Reasons added after the dashboard was first written (issue 13's input limits, parking).
    expect(names.TEXT_TOO_LONG).toEqual({
      da: 'Fritekst længere end skemaet tillader',
      en: 'Free text longer than its schema allows',
    });
    expect(names.DELIVERY_PARKED.da).toBe('Levering sat til side efter gentagne fejl');
  });
});
