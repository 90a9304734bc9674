/**
 * graphql-http's server audits, the GraphQL-over-HTTP specification's own test list, run against
 * createFetchHandler serving the blog example: every audit passes. With CSRF prevention on (the
 * default), the audits that send a GET without a preflight-forcing header are refused on purpose.
 */
import { serverAudits } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { app } from '../../examples/blog/handler.js';
import { createFetchHandler } from '../../src/http/index.js';

const SCHEMA = new URL('../../examples/blog/schema.graphql', import.meta.url);
const URL_OF_API = 'http://api.example/graphql';

function audits(handler: (request: Request) => Promise<Response>) {
  return serverAudits({
    url: URL_OF_API,
    fetchFn: (input: RequestInfo | URL, init?: RequestInit) => handler(new Request(input, init)),
  });
}

describe('graphql-http server audits', () => {
  const open = createFetchHandler({
    schema: SCHEMA,
    app,
    csrfPrevention: false,
    resolverCode: 'ignore',
  });
  for (const audit of audits(open)) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      expect(result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`).toBe('ok');
    });
  }

  it('with CSRF prevention on, only the GETs without a preflight header are refused', async () => {
    const guarded = createFetchHandler({ schema: SCHEMA, app, resolverCode: 'ignore' });
    const failed: string[] = [];
    for (const audit of audits(guarded)) {
      const result = await audit.fn();
      if (result.status !== 'ok') failed.push(audit.id);
    }
    expect(failed.sort()).toEqual(['5A70', '6A70', 'D6D5']);
  });
});
