import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { channelOfKind, MESSAGE_KINDS, REASON_CODES } from '@hub/contracts';
import { KIND_LABELS } from '@hub/kinds';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';

import { readDashboardAssets } from './dashboard-assets';
import { dashboardNames } from './dashboard-names';
import { DashboardController } from './dashboard.controller';

/** The paths the controller serves with GET, e.g. `/dashboard/assets/dashboard.js`. */
function servedPaths(): string[] {
  const base = Reflect.getMetadata(PATH_METADATA, DashboardController) as string;
  const prototype = DashboardController.prototype as unknown as Record<string, unknown>;
  return Object.getOwnPropertyNames(DashboardController.prototype)
    .map((name) => prototype[name])
    .filter((handler) => typeof handler === 'function' && Reflect.hasMetadata(METHOD_METADATA, handler))
    .map((handler) => {
      const path = Reflect.getMetadata(PATH_METADATA, handler as object) as string;
      return `/${base}${path === '/' ? '' : `/${path}`}`;
    });
}

describe('the dashboard page (assets/)', () => {
  const { html, script, styleSheet } = readDashboardAssets();

  it('runs no inline script or style and loads only what the monitor serves itself', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((match) => match[1]);
    expect(scripts).toEqual([' src="/dashboard/assets/dashboard.js"']);
    expect(html).not.toMatch(/<style|\sstyle=|\son\w+=/);
    const stylesheets = [...html.matchAll(/<link[^>]+href="([^"]+)"/g)].map((match) => match[1]);
    expect(stylesheets).toEqual(['/dashboard/assets/dashboard.css']);
    const fetched = [...script.matchAll(/fetch\('([^']+)'/g)].map((match) => match[1]);
    expect(fetched).toEqual(['/dashboard/names.json']);
    expect(servedPaths().sort()).toEqual(
      ['/dashboard', '/dashboard/assets/dashboard.js', ...stylesheets, ...fetched].sort(),
    );
    // Only the SVG namespace names another origin; no style sheet imports or loads from one.
    expect(script.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:/);
    expect(styleSheet).not.toMatch(/@import|url\(/);
    // The policy forbids inline style, so the script sets classes, never a style attribute.
    expect(script.replaceAll("style: 'percent'", '')).not.toMatch(/\bstyle\b/);
  });

  it('speaks Danish by default and has every English text too, and every text the page names', () => {
    expect(html).toContain('<html lang="da">');
    const keys = (language: 'da' | 'en'): string[] => {
      const block = new RegExp(`\\n    ${language}: \\{([\\s\\S]*?)\\n    \\}`).exec(script)?.[1] ?? '';
      return [...block.matchAll(/^\s*(\w+):/gm)].map((match) => match[1]).sort();
    };
    expect(keys('da').length).toBeGreaterThan(30);
    expect(keys('en')).toEqual(keys('da'));
    const named = [...html.matchAll(/data-i18n="(\w+)"/g)].map((match) => match[1]);
    expect(named.length).toBeGreaterThan(20);
    for (const key of named) expect(keys('da')).toContain(key);
  });

  it('says where it looked and what to run when the assets were not copied into the build', () => {
    const empty = mkdtempSync(join(tmpdir(), 'hub-dashboard-'));
    expect(() => readDashboardAssets(empty)).toThrow(/dashboard\.html cannot be read at .*npm run build/);
  });
});

describe(dashboardNames.name, () => {
  const names = dashboardNames([
    { id: 'norddjurs-akasse-2024', title: { da: 'Norddjurs </script><b>', en: 'Norddjurs' } },
  ]);

  it("gives each agreement's title in both languages, as it is (the page sets it as text)", () => {
    expect(names.agreements).toEqual({
      'norddjurs-akasse-2024': { da: 'Norddjurs </script><b>', en: 'Norddjurs' },
    });
  });

  it('names every message kind in Danish and English, from the shared labels', () => {
    expect(Object.keys(names.kinds).sort()).toEqual(Object.keys(KIND_LABELS).sort());
    // Every partner kind the contracts define, not only the labelled ones.
    expect(Object.keys(names.kinds).sort()).toEqual(
      MESSAGE_KINDS.filter((kind) => channelOfKind(kind)).sort(),
    );
    expect(names.kinds['vitas.PlacementGranted']).toEqual({
      da: 'Bevilling af virksomhedsrettet tilbud',
      en: 'Placement granted',
    });
  });

  it('names every reason the hub gives, from the one table of reasons', () => {
    expect(Object.keys(names.reasons).sort()).toEqual(Object.keys(REASON_CODES).sort());
    // Reasons added after the dashboard was first written (issue 13's input limits, parking).
    expect(names.reasons.TEXT_TOO_LONG).toEqual({
      da: 'Fritekst længere end skemaet tillader',
      en: 'Free text longer than its schema allows',
    });
    expect(names.reasons.DELIVERY_PARKED?.da).toBe('Levering sat til side efter gentagne fejl');
    // Only the names: the stage a reason is raised at is for operators, not the page.
    expect(Object.keys(names.reasons.TEXT_TOO_LONG ?? {})).toEqual(['da', 'en']);
  });
});
