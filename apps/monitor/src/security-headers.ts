import type { NextFunction, Request, Response } from 'express';

/** Forbids everything: a JSON answer (or the metrics) loads nothing and is framed by nobody. */
const LOCKED_DOWN = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The dashboard is a static page whose script and style sheet the monitor serves itself
 * (dashboard/assets/): nothing inline runs, nothing from another origin loads, fetch() reaches only
 * the API on the same origin, images only from itself or data: URLs.
 */
const DASHBOARD =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
  "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Swagger UI (`/api/docs`) loads its scripts and style sheet from the monitor and has an inline style. */
const API_DOCS =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; " +
  "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The Content-Security-Policy for a request path: as restrictive as the page there allows. */
export function contentSecurityPolicyFor(path: string): string {
  if (path === '/dashboard' || path === '/dashboard/') return DASHBOARD;
  if (path === '/api/docs' || path.startsWith('/api/docs/')) return API_DOCS;
  return LOCKED_DOWN;
}

/**
 * Security headers on every response of the monitor, set once for the app (main.ts): the API's
 * answers carry personal data (pseudonyms, parties, dates), so nothing may cache them, a browser must
 * not guess their type, no referrer leaks a URL with a filter in it, and no page may frame them.
 * Express's X-Powered-By only tells an attacker what to try.
 */
export function securityHeaders(request: Request, response: Response, next: NextFunction): void {
  response.removeHeader('X-Powered-By');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Content-Security-Policy', contentSecurityPolicyFor(request.path));
  next();
}
