/**
 * createGraphQLStreamHandler with a local stand-in for the Lambda runtime's `awslambda` global
 * (streamifyResponse, HttpResponseStream.from): an answer above the 6 MB of a buffered response
 * is streamed whole, where createGraphQLHandler says why it cannot send it.
 */
import { createResolver } from 'appsync-direct';
import { describe, expect, it } from 'vitest';
import {
  createGraphQLHandler,
  createGraphQLStreamHandler,
  type ResponseStream,
  type StreamingRuntime,
} from '../../src/http/index.js';
import { httpEvent } from '../../src/testing/http-events.js';
import { silentLogger } from '../helpers.js';

const SCHEMA = /* GraphQL */ `
  type Query {
    items(count: Int!): [Item!]!
  }
  type Item {
    id: ID!
    text: String!
  }
`;

/** 2,000 items of 4 KB each: 8 MB of JSON, though no field call answers more than 400 KB. */
function bigApp() {
  return createResolver({ logger: silentLogger })
    .resolver('Query.items', (ctx) =>
      Array.from({ length: ctx.args.count as number }, (_, i) => ({ id: String(i) })),
    )
    .batchResolver(
      'Item.text',
      (ctxs) => ctxs.map((ctx) => `${(ctx.source as { id: string }).id}:${'t'.repeat(4096)}`),
      { maxBatchSize: 100 },
    );
}

/** What the stand-in runtime recorded of one streamed response. */
interface Streamed {
  metadata: { statusCode: number; headers: Record<string, string>; cookies?: string[] };
  chunks: Uint8Array[];
  ended: boolean;
}

/** A stand-in for `awslambda`: the handler's writes are collected instead of sent. */
function standInRuntime() {
  const runtime: StreamingRuntime & {
    invoke(event: unknown): Promise<Streamed>;
  } = {
    streamifyResponse(handler) {
      runtime.invoke = async (event) => {
        const streamed: Streamed = {
          metadata: { statusCode: 0, headers: {} },
          chunks: [],
          ended: false,
        };
        const raw: ResponseStream = {
          write(chunk) {
            streamed.chunks.push(
              typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk.slice(),
            );
            return true;
          },
          end() {
            streamed.ended = true;
          },
        };
        (raw as { streamed?: Streamed }).streamed = streamed;
        await handler(event, raw, { awsRequestId: 'req-stream' });
        return streamed;
      };
      return runtime.invoke;
    },
    HttpResponseStream: {
      from(stream, metadata) {
        ((stream as { streamed?: Streamed }).streamed as Streamed).metadata = metadata;
        return stream;
      },
    },
    invoke: async () => {
      throw new Error('streamifyResponse was not called');
    },
  };
  return runtime;
}

const query = { query: '{ items(count: 2000) { id text } }' };

describe('createGraphQLStreamHandler', () => {
  it('streams an answer above 6 MB whole, in chunks, with its status and headers', async () => {
    const runtime = standInRuntime();
    createGraphQLStreamHandler({ schema: SCHEMA, app: bigApp(), runtime });
    const streamed = await runtime.invoke(httpEvent({ payload: 'url', ...query }));
    expect(streamed.ended).toBe(true);
    expect(streamed.metadata).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/graphql-response+json; charset=utf-8' },
    });
    expect(streamed.chunks.length).toBeGreaterThan(100);
    const bytes = Buffer.concat(streamed.chunks);
    expect(bytes.length).toBeGreaterThan(8_000_000);
    const body = JSON.parse(bytes.toString('utf8')) as {
      data: { items: { id: string; text: string }[] };
    };
    expect(body.data.items).toHaveLength(2000);
    expect(body.data.items[1999]).toEqual({ id: '1999', text: `1999:${'t'.repeat(4096)}` });
  });

  it('keeps characters whole across chunks', async () => {
    const runtime = standInRuntime();
    const app = createResolver({ logger: silentLogger })
      .resolver('Query.items', () => [{ id: '1' }])
      .resolver('Item.text', () => '😀'.repeat(40_000));
    createGraphQLStreamHandler({ schema: SCHEMA, app, runtime });
    const streamed = await runtime.invoke(httpEvent({ payload: 'url', ...query }));
    const text = Buffer.concat(streamed.chunks).toString('utf8');
    expect(text).not.toContain('\uFFFD');
    expect(JSON.parse(text).data.items[0].text).toBe('😀'.repeat(40_000));
  });

  it('needs the runtime: elsewhere it says which handler to use', () => {
    expect(() => createGraphQLStreamHandler({ schema: SCHEMA, app: bigApp() })).toThrow(
      /^createGraphQLStreamHandler: the Lambda runtime global awslambda \(streamifyResponse, HttpResponseStream\) is missing/,
    );
  });
});

describe('createGraphQLHandler, buffered', () => {
  it('counts the result as Lambda sends it, and behind ALB its 1 MB limit', async () => {
    const app = createResolver({ logger: silentLogger })
      .resolver('Query.items', () => [{ id: '1' }])
      // 700 KB of text in which every character is escaped in the result's JSON: 1.4 MB sent.
      .resolver('Item.text', () => '"'.repeat(700_000));
    const handler = createGraphQLHandler({ schema: SCHEMA, app });
    const alb = (await handler(httpEvent({ payload: 'alb', ...query }))) as { statusCode: number };
    expect(alb.statusCode).toBe(500);
    const url = (await handler(httpEvent({ payload: 'url', ...query }))) as { statusCode: number };
    expect(url.statusCode).toBe(200);
  });

  it('answers 500 saying why, for an answer above what a buffered response can hold', async () => {
    const handler = createGraphQLHandler({ schema: SCHEMA, app: bigApp() });
    const result = (await handler(httpEvent({ payload: 'v2', ...query }))) as {
      statusCode: number;
      body: string;
    };
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toEqual({
      errors: [
        {
          errorType: 'ResponseTooLargeError',
          message: expect.stringMatching(
            /^The answer is \d+ bytes as Lambda sends it, above the 6291556 a buffered response can hold here: select less \(paginate\), or serve the API with createGraphQLStreamHandler/,
          ),
        },
      ],
    });
    expect(result.body.length).toBeLessThan(1000);
  });
});
