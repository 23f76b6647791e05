/**
 * Routes the app mounts that the OpenAPI document leaves out, each with why.
 * openapi-coverage.test.ts fails on a mounted route that is neither here nor
 * documented, and on an entry here that the app no longer mounts.
 */
export const undocumentedRoutes: Readonly<Record<string, string>> = {
  'GET /': 'The browser client: an HTML page, not an API operation.',
  'GET /client/{file}': "The browser client's own files (scripts, styles, the report page).",
  'GET /ws/voice':
    "A WebSocket: OpenAPI describes requests and responses, not a socket's messages; the README describes the protocol. Without an Upgrade header it answers 426.",
  'GET /openapi.json': 'The document itself.',
  'GET /docs': 'The API reference page (HTML) over the document.',
  'GET /docs/scalar.js': "The reference page's script, served from node_modules so the page works offline.",
};
