import type { Request, Response } from 'express';

import { contentSecurityPolicyFor, securityHeaders } from './security-headers';

describe(securityHeaders.name, () => {
  it('sets the headers and drops X-Powered-By, then passes the request on', () => {
    const headers = new Map<string, string>([['x-powered-by', 'Express']]);
    const response = {
      setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), value),
      removeHeader: (name: string) => headers.delete(name.toLowerCase()),
    };
    const next = jest.fn();
    securityHeaders({ path: '/api/exchanges' } as Request, response as unknown as Response, next);
    expect(Object.fromEntries(headers)).toEqual({
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'content-security-policy':
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    });
    expect(next).toHaveBeenCalledTimes(1);
  });
});

describe(contentSecurityPolicyFor.name, () => {
  it("lets the dashboard run only the monitor's own script and style sheet, against its own origin", () => {
    const dashboard = contentSecurityPolicyFor('/dashboard');
    expect(dashboard).toContain("script-src 'self'");
    expect(dashboard).toContain("style-src 'self'");
    expect(dashboard).toContain("connect-src 'self'");
    expect(dashboard).not.toContain('unsafe-inline');
    expect(dashboard).not.toMatch(/https?:|\*/);
    expect(contentSecurityPolicyFor('/dashboard/')).toBe(dashboard);
    // Its script, style sheet and names are not pages: they get the policy that allows nothing.
    expect(contentSecurityPolicyFor('/dashboard/names.json')).not.toContain('script-src');
    expect(contentSecurityPolicyFor('/api/exchanges')).not.toContain('script-src');
    // A path that merely starts like the docs gets nothing either.
    expect(contentSecurityPolicyFor('/api/docsx')).not.toContain('script-src');
    expect(contentSecurityPolicyFor('/api/docs')).toContain("script-src 'self'");
  });
});
