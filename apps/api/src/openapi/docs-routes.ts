import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';
import type { AppEnv } from '../deps.js';
import { apiDocument } from './api-document.js';

/** Scalar's standalone bundle, from node_modules: the page loads nothing from anywhere else. */
const bundlePath = createRequire(import.meta.url).resolve('@scalar/api-reference/browser/standalone.js');

const referenceSettings = {
  // Relative, so the page also works behind a proxy that serves the API under a prefix.
  url: 'openapi.json',
  cdn: 'docs/scalar.js',
  pageTitle: 'bot-backend API',
  // Nothing that calls Scalar's services: its fonts (the system's serve), its AI agent (which loads
  // a list of public APIs from them), its developer toolbar (share, deploy), and its telemetry.
  withDefaultFonts: false,
  agent: { disabled: true },
  showDeveloperTools: 'never',
  telemetry: false,
  favicon: 'data:,',
} as const;
const scalarPage = Scalar<AppEnv>(referenceSettings);

/** `'sha256-…'` of each inline `<script>` and `<style>` of a page, for its content security policy. */
function inlineHashes(html: string, tag: 'script' | 'style'): string[] {
  const inline = new RegExp(`<${tag}(?![^>]*\\bsrc=)[^>]*>([\\s\\S]*?)</${tag}>`, 'g');
  return [...html.matchAll(inline)].map(
    ([, body]) =>
      `'sha256-${createHash('sha256')
        .update(body ?? '')
        .digest('base64')}'`,
  );
}

/**
 * The page runs our copy of Scalar and its one inline start-up script, talks
 * only to this origin (the document; "try it" requests), and loads no fonts or
 * images from elsewhere. Scalar's components set inline styles, hence
 * `'unsafe-inline'` for styles only.
 */
function pagePolicy(html: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' ${inlineHashes(html, 'script').join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const pageHeaders = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

/**
 * GET /openapi.json (the document `pnpm openapi` writes), and the API
 * reference at GET /docs: Scalar's page over that document, served with its
 * script from this app, so it works offline.
 */
export function createDocsRoutes() {
  let document: string | undefined;
  let page: { html: string; policy: string } | undefined;
  let bundle: Buffer | undefined;
  return new Hono<AppEnv>()
    .get('/openapi.json', (c) => {
      document ??= JSON.stringify(apiDocument());
      return c.body(document, 200, { 'content-type': 'application/json; charset=utf-8' });
    })
    .get('/docs', async (c, next) => {
      if (!page) {
        const rendered = (await scalarPage(c, next)) as Response;
        const html = await rendered.text();
        page = { html, policy: pagePolicy(html) };
      }
      return c.html(page.html, 200, { 'content-security-policy': page.policy, ...pageHeaders });
    })
    .get('/docs/scalar.js', async (c) => {
      bundle ??= await readFile(bundlePath);
      return c.body(new Uint8Array(bundle), 200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=3600',
        ...pageHeaders,
      });
    });
}
