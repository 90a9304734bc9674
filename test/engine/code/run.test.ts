/**
 * The unit and pipeline resolvers of resolver code in front of the Lambda, run by the engine with
 * handlers written here as plain functions (the APPSYNC_JS and VTL runners have their own tests):
 * what the Lambda receives, what `ctx.result`/`ctx.error`/`ctx.prev`/`ctx.stash` hold, and what
 * the client sees. Each rule cites the AWS reference it follows.
 */
import { describe, expect, it } from 'vitest';
import { callLambda } from '../../../src/emulator/lambda.js';
import type { CompiledFront, CompiledFunction } from '../../../src/engine/code/compiled.js';
import type {
  CodeContext,
  CompiledHandlers,
  Handler,
  HandlerOutcome,
} from '../../../src/engine/code/handlers.js';
import { createEngine, type Prepared, routeTable } from '../../../src/engine/engine.js';
import { buildAppSyncSchema } from '../../../src/engine/schema.js';

const SDL = `
  type Query {
    getPost(id: ID!): Post
    secret(id: ID!): String
  }
  type Mutation { notify(text: String!): Boolean }
  type Post { id: ID! title: String author: Author }
  type Author { id: ID! name: String }
`;

/** What a handler function may do: return, stop with an error, or return early. */
type Step = (ctx: CodeContext, out: Out) => unknown;
interface Out {
  error(message: string, errorType?: string, data?: unknown, errorInfo?: unknown): never;
  appendError(message: string, errorType?: string): void;
  earlyReturn(value?: unknown, skipTo?: 'END' | 'NEXT'): never;
}

class Stop {
  constructor(readonly outcome: HandlerOutcome) {}
}

/** A handler as a runner would compile it, from a function of `ctx`. */
function handler(step: Step): Handler {
  return ({ ctx }) => {
    const appended: { message: string; errorType?: string }[] = [];
    const base = { appended, extensions: [] };
    const out: Out = {
      error: (message, errorType, data, errorInfo) => {
        const error = {
          message,
          ...(errorType === undefined ? {} : { errorType }),
          data,
          errorInfo,
        };
        throw new Stop({ ...base, kind: 'error', error });
      },
      appendError: (message, errorType) => {
        appended.push({ message, ...(errorType === undefined ? {} : { errorType }) });
      },
      earlyReturn: (value, skipTo) => {
        throw new Stop({ ...base, kind: 'return', value: value ?? null, skipTo });
      },
    };
    try {
      const value = step(ctx, out);
      return { ...base, kind: 'value', value: value === undefined ? null : value };
    } catch (stop) {
      if (stop instanceof Stop) return stop.outcome;
      throw stop;
    }
  };
}

function js(request?: Step, response?: Step): CompiledHandlers {
  return {
    language: 'APPSYNC_JS',
    name: 'code.js',
    request: request === undefined ? undefined : handler(request),
    response: response === undefined ? undefined : handler(response),
  };
}

function vtl(request?: Step, response?: Step): CompiledHandlers {
  return { ...js(request, response), language: 'VTL', name: 'template.vtl' };
}

interface Setup {
  fields: Record<string, { maxBatchSize?: number; front: CompiledFront }>;
  lambda: (event: unknown) => unknown;
}

/** An engine whose fields run `fronts` in front of `lambda`, through the emulator's boundary. */
function setup({ fields, lambda }: Setup) {
  const schema = buildAppSyncSchema(SDL);
  const routes = routeTable(schema, {
    fields: Object.fromEntries(
      Object.entries(fields).map(([key, { maxBatchSize }]) => [
        key,
        { maxBatchSize, code: 'export function request() {}' },
      ]),
    ),
    who: 'test',
    none: 'none',
  });
  const fronts = new Map(Object.entries(fields).map(([key, { front }]) => [key, front]));
  const engine = createEngine({ schema, routes, defaultAuthMode: 'apiKey', fronts });
  const events: unknown[] = [];
  const handler = async (event: unknown) => {
    events.push(event);
    return lambda(event);
  };
  const run = async (query: string, variables: Record<string, unknown> = {}) => {
    const prepared = engine.prepare(query, undefined) as Prepared;
    expect(prepared).toHaveProperty('document');
    return engine.run(prepared, {
      variables,
      auth: { mode: 'apiKey', identity: null, groups: [], deniedFields: [] },
      headers: { 'x-api-key': 'k' },
      caller: (_route, payloads, batch, raw) => callLambda(handler as never, payloads, batch, raw),
    });
  };
  return { run, events };
}

const unit = (handlers: CompiledHandlers): CompiledFront => ({ kind: 'unit', handlers });

describe('a unit resolver with APPSYNC_JS in front of the Lambda', () => {
  // "For Invoke, the resolved request matches the input payload of the Lambda function."
  it('sends the payload alone to the Lambda and maps ctx.result with response', async () => {
    const { run, events } = setup({
      fields: {
        'Query.getPost': {
          front: unit(
            js(
              (ctx) => ({ operation: 'Invoke', payload: { field: 'getPost', id: ctx.args.id } }),
              (ctx) => ({
                ...(ctx.result as object),
                title: `${(ctx.result as { title: string }).title}!`,
              }),
            ),
          ),
        },
      },
      lambda: (event) => ({ id: (event as { id: string }).id, title: 'Hello' }),
    });
    const result = await run('{ getPost(id: "7") { id title } }');
    expect(events).toEqual([{ field: 'getPost', id: '7' }]);
    expect(result.data).toEqual({ getPost: { id: '7', title: 'Hello!' } });
    expect(result.errors).toBeUndefined();
    expect(result.invocations).toMatchObject([{ field: 'Query.getPost', kind: 'Invoke', size: 1 }]);
    expect(result.handlers.map((run) => [run.step, run.outcome, run.language])).toEqual([
      ['request', 'value', 'APPSYNC_JS'],
      ['response', 'value', 'APPSYNC_JS'],
    ]);
  });

  // "For BatchInvoke, the request is applied to every field resolver in the batch. For
  // conciseness, AWS AppSync merges all of the request payload values into a list."
  it('merges sibling BatchInvoke payloads into one array and gives each response its element', async () => {
    const { run, events } = setup({
      fields: {
        'Query.getPost': {
          front: unit(
            js(
              () => ({ operation: 'Invoke', payload: null }),
              () => ({ id: 'p', title: 't' }),
            ),
          ),
        },
        'Post.author': {
          maxBatchSize: 2,
          front: unit(
            js(
              (ctx) => ({
                operation: 'BatchInvoke',
                payload: { id: (ctx.source as { id: string }).id },
              }),
              (ctx, out) => {
                const item = ctx.result as { name?: string; errorMessage?: string } | null;
                if (item?.errorMessage !== undefined) out.error(item.errorMessage, 'NotFound');
                return item === null ? null : { id: 'a', name: item.name };
              },
            ),
          ),
        },
      },
      lambda: (event) =>
        Array.isArray(event)
          ? event.map((item: { id: string }) =>
              item.id === 'x'
                ? { errorMessage: 'no author x' }
                : item.id === 'n'
                  ? null
                  : { name: `A${item.id}` },
            )
          : null,
    });
    const result = await run(
      '{ a: getPost(id: "1") { author { name } } b: getPost(id: "2") { author { name } } c: getPost(id: "3") { author { name } } }',
    );
    // The three parents resolve in one step: their payloads go as 2 + 1 (maxBatchSize 2).
    const batches = events.filter(Array.isArray);
    expect(batches.map((batch) => (batch as unknown[]).length)).toEqual([2, 1]);
    expect(batches[0]).toEqual([{ id: 'p' }, { id: 'p' }]);
    expect(result.data).toEqual({
      a: { author: { name: 'Ap' } },
      b: { author: { name: 'Ap' } },
      c: { author: { name: 'Ap' } },
    });
    expect(
      result.invocations.filter((call) => call.kind === 'BatchInvoke').map((call) => call.size),
    ).toEqual([2, 1]);
  });

  it('reads each batch element as it is: an errorMessage is ctx.result, a null item is null', async () => {
    const { run } = setup({
      fields: {
        'Query.secret': {
          maxBatchSize: 10,
          front: unit(
            js(
              (ctx) => ({ operation: 'BatchInvoke', payload: ctx.args.id }),
              (ctx, out) => {
                const item = ctx.result as {
                  data?: string;
                  errorMessage?: string;
                  errorType?: string;
                } | null;
                if (item?.errorMessage !== undefined) out.error(item.errorMessage, item.errorType);
                return item?.data ?? null;
              },
            ),
          ),
        },
      },
      lambda: (event) =>
        (event as string[]).map((id) =>
          id === 'bad'
            ? { errorMessage: 'refused', errorType: 'Forbidden' }
            : id === 'none'
              ? null
              : { data: `s${id}` },
        ),
    });
    const result = await run('{ a: secret(id: "1") b: secret(id: "bad") c: secret(id: "none") }');
    expect(result.data).toEqual({ a: 's1', b: null, c: null });
    expect(result.errors).toMatchObject([
      { path: ['b'], errorType: 'Forbidden', message: 'refused' },
    ]);
    expect(result.invocations).toMatchObject([{ kind: 'BatchInvoke', size: 3 }]);
  });

  // "invocationType … 'Event'": the Lambda is invoked asynchronously; there is no result to read.
  it("invokes with invocationType 'Event' without waiting, and ctx.result is null", async () => {
    let release: (value: unknown) => void = () => {};
    const { run, events } = setup({
      fields: {
        'Mutation.notify': {
          front: unit(
            js(
              (ctx) => ({ operation: 'Invoke', invocationType: 'Event', payload: ctx.args }),
              (ctx) => ctx.result === null,
            ),
          ),
        },
      },
      // Never settles until released: the field must not wait for it.
      lambda: () =>
        new Promise((resolve) => {
          release = resolve;
        }),
    });
    const result = await run('mutation { notify(text: "hi") }');
    expect(result.data).toEqual({ notify: true });
    expect(events).toEqual([{ text: 'hi' }]);
    expect(result.invocations).toMatchObject([{ kind: 'Invoke', invocationType: 'Event' }]);
    release(null);
  });

  // PROTOCOL.md §4.1: a Lambda error reaches templated resolvers as type Lambda:Unhandled.
  it('gives a Lambda error as ctx.error, which a response raising it reports', async () => {
    const { run } = setup({
      fields: {
        'Query.secret': {
          front: unit(
            js(
              () => ({ operation: 'Invoke', payload: {} }),
              (ctx, out) => {
                if (ctx.error) out.error(ctx.error.message, ctx.error.type);
                return ctx.result;
              },
            ),
          ),
        },
      },
      lambda: () => {
        throw Object.assign(new Error('database down'), { name: 'DbError' });
      },
    });
    const result = await run('{ secret(id: "1") }');
    expect(result.data).toEqual({ secret: null });
    expect(result.errors).toMatchObject([
      { path: ['secret'], errorType: 'Lambda:Unhandled', message: 'database down', data: null },
    ]);
  });

  it('resolves the field silently to null when the response ignores ctx.error, as AppSync, and warns', async () => {
    const { run } = setup({
      fields: {
        'Query.secret': {
          front: unit(
            js(
              () => ({ operation: 'Invoke', payload: {} }),
              (ctx) => ctx.result,
            ),
          ),
        },
      },
      lambda: () => {
        throw new Error('database down');
      },
    });
    const result = await run('{ secret(id: "1") }');
    expect(result.data).toEqual({ secret: null });
    expect(result.errors).toBeUndefined();
    const response = result.handlers.find((run) => run.step === 'response');
    expect(response?.warnings?.[0]).toContain('database down');
    expect(response?.warnings?.[0]).toContain('did not raise ctx.error');
  });

  // "When called in … a resolver's request handler, the data source and response handler are
  // skipped" (runtime.earlyReturn).
  it('skips the Lambda and the response after an early return in request', async () => {
    const { run, events } = setup({
      fields: {
        'Query.secret': {
          front: unit(
            js(
              (ctx, out) =>
                ctx.args.id === 'cached'
                  ? out.earlyReturn('from cache')
                  : { operation: 'Invoke', payload: 1 },
              () => 'from response',
            ),
          ),
        },
      },
      lambda: () => 'from lambda',
    });
    const result = await run('{ a: secret(id: "cached") b: secret(id: "2") }');
    expect(result.data).toEqual({ a: 'from cache', b: 'from response' });
    expect(events).toEqual([1]);
    expect(result.handlers.filter((run) => run.outcome === 'earlyReturn')).toHaveLength(1);
  });

  // util.error(message, errorType, data, errorInfo): the field is null, the error carries all four.
  it('reports util.error with its type, data and errorInfo, and does not call the Lambda', async () => {
    const { run, events } = setup({
      fields: {
        'Query.secret': {
          front: unit(
            js(
              (ctx, out) => out.error('no', 'Forbidden', { id: ctx.args.id }, { code: 7 }),
              () => 1,
            ),
          ),
        },
      },
      lambda: () => 'x',
    });
    const result = await run('{ secret(id: "9") }');
    expect(events).toEqual([]);
    expect(result.errors).toEqual([
      {
        path: ['secret'],
        data: { id: '9' },
        errorType: 'Forbidden',
        errorInfo: { code: 7 },
        locations: [{ line: 1, column: 3, sourceName: null }],
        message: 'no',
      },
    ]);
  });

  // util.error: "data will be filtered based on the query selection set" (AWS "Utility helpers").
  it("keeps only what the query selected of util.error's data, at every depth", async () => {
    const { run } = setup({
      fields: {
        'Query.getPost': {
          front: unit(
            js(
              (_ctx, out) =>
                out.error('gone', 'NotFound', {
                  id: '1',
                  title: 'T',
                  secret: 's',
                  author: { id: 'a', name: 'N', email: 'e' },
                }),
              () => null,
            ),
          ),
        },
      },
      lambda: () => null,
    });
    const result = await run('{ getPost(id: "1") { ... on Post { title } author { name } } } ');
    expect(result.errors?.[0]?.data).toEqual({ title: 'T', author: { name: 'N' } });
  });

  it('adds appended errors at the field path and keeps the value', async () => {
    const { run } = setup({
      fields: {
        'Query.getPost': {
          front: unit(
            js(
              () => ({ operation: 'Invoke', payload: {} }),
              (ctx, out) => {
                out.appendError('partial', 'Warning');
                return ctx.result;
              },
            ),
          ),
        },
      },
      lambda: () => ({ id: '1', title: 'T' }),
    });
    const result = await run('{ getPost(id: "1") { title } }');
    expect(result.data).toEqual({ getPost: { title: 'T' } });
    expect(result.errors).toMatchObject([
      { path: ['getPost'], errorType: 'Warning', message: 'partial' },
    ]);
  });

  it('refuses a request that is not a Lambda request, naming the field', async () => {
    const { run } = setup({
      fields: {
        'Query.secret': {
          front: unit(
            js(
              () => ({ operation: 'GetItem' }),
              () => 1,
            ),
          ),
        },
      },
      lambda: () => 'x',
    });
    const result = await run('{ secret(id: "1") }');
    expect(result.errors).toMatchObject([{ errorType: 'Code' }]);
    expect(result.errors?.[0]?.message).toContain("operation must be 'Invoke' or 'BatchInvoke'");
  });
});

describe('VTL templates in front of the Lambda', () => {
  const failing = () => {
    throw new Error('boom');
  };

  // "If you did not provide a request mapping template or if you provided a request mapping
  // template with the version 2018-05-29", the default response re-raises with ctx.result as data.
  it('completes a 2018-05-29 request template with the response that re-raises ctx.error', async () => {
    const { run } = setup({
      fields: {
        'Query.secret': {
          front: unit(vtl(() => ({ version: '2018-05-29', operation: 'Invoke', payload: 'p' }))),
        },
      },
      lambda: failing,
    });
    const result = await run('{ secret(id: "1") }');
    expect(result.errors).toMatchObject([{ errorType: 'Lambda:Unhandled', message: 'boom' }]);
  });

  // 2018-05-29: the response template decides; ignoring ctx.error gives null with no error.
  // 2017-02-28: "Previously, with 2017-02-28, in case of an invocation error … the result was
  // placed automatically in the errors block" (quoted in aws-appsync-community#82, PROTOCOL.md §4.3).
  it.each([
    ['2018-05-29', 'lets the response template ignore ctx.error', undefined],
    [
      '2017-02-28',
      'puts the invocation error in errors, whatever the response template does',
      [{ errorType: 'Lambda:Unhandled', message: 'boom' }],
    ],
  ])('%s: %s', async (version, _rule, errors) => {
    const { run } = setup({
      fields: {
        'Query.secret': {
          front: unit(
            vtl(
              () => ({ version, operation: 'Invoke', payload: 'p' }),
              (ctx) => ctx.result,
            ),
          ),
        },
      },
      lambda: failing,
    });
    const result = await run('{ secret(id: "1") }');
    expect(result.data).toEqual({ secret: null });
    if (errors === undefined) expect(result.errors).toBeUndefined();
    else expect(result.errors).toMatchObject(errors);
  });

  // Without a response template, Direct Lambda's batch response logic reads each element:
  // `#if( $context.result && $context.result.errorMessage ) $utils.error(…) #else
  // $utils.toJson($context.result.data) #end` (PROTOCOL.md §3.1).
  it('with only a request template, reads a BatchInvoke answer with Direct Lambda envelopes', async () => {
    const { run } = setup({
      fields: {
        'Query.secret': {
          maxBatchSize: 10,
          front: unit(
            vtl((ctx) => ({
              version: '2018-05-29',
              operation: 'BatchInvoke',
              payload: ctx.args.id,
            })),
          ),
        },
      },
      lambda: (event) =>
        (event as string[]).map((id) =>
          id === 'bad' ? { errorMessage: 'nope', errorType: 'NotFound' } : { data: `s${id}` },
        ),
    });
    const result = await run('{ a: secret(id: "1") b: secret(id: "bad") }');
    expect(result.data).toEqual({ a: 's1', b: null });
    expect(result.errors).toMatchObject([{ path: ['b'], errorType: 'NotFound', message: 'nope' }]);
  });

  it('with only a response template, sends Direct Lambda contexts, batched by maxBatchSize', async () => {
    const { run, events } = setup({
      fields: {
        'Query.secret': {
          maxBatchSize: 5,
          front: unit(vtl(undefined, (ctx) => `got ${JSON.stringify(ctx.result)}`)),
        },
      },
      lambda: (event) =>
        (event as { arguments: { id: string } }[]).map((item) => item.arguments.id),
    });
    const result = await run('{ a: secret(id: "1") b: secret(id: "2") }');
    expect(result.data).toEqual({ a: 'got "1"', b: 'got "2"' });
    const [batch] = events as { info: { fieldName: string } }[][];
    expect(batch?.map((event) => event.info.fieldName)).toEqual(['secret', 'secret']);
  });
});

describe('pipeline resolvers', () => {
  const fn = (
    name: string,
    dataSource: 'LAMBDA' | 'NONE',
    handlers: CompiledHandlers | undefined,
    maxBatchSize = 0,
  ): CompiledFunction => ({ name, dataSource, handlers, maxBatchSize });

  const permission = fn(
    'checkPermission',
    'NONE',
    js(
      (ctx) => {
        ctx.stash.checkedBy = 'checkPermission';
        return { payload: { allowed: ctx.args.id !== 'private' } };
      },
      (ctx, out) => {
        if (!(ctx.result as { allowed: boolean }).allowed) out.error('Not allowed', 'Unauthorized');
        return ctx.result;
      },
    ),
  );
  const fetchPost = fn(
    'fetchPost',
    'LAMBDA',
    js(
      (ctx) => ({
        operation: 'Invoke',
        payload: { id: ctx.args.id, prev: ctx.prev.result, stash: ctx.stash },
      }),
      (ctx) => ctx.result,
    ),
  );

  it('runs before → functions → after with ctx.prev.result chained and one stash', async () => {
    const { run, events } = setup({
      fields: {
        'Query.getPost': {
          front: {
            kind: 'pipeline',
            handlers: js(
              (ctx) => {
                ctx.stash.started = true;
                return { before: true };
              },
              (ctx) => ({
                ...(ctx.prev.result as object),
                title: `${String(ctx.stash.checkedBy)}`,
              }),
            ),
            functions: [permission, fetchPost],
          },
        },
      },
      lambda: (event) => ({ id: (event as { id: string }).id }),
    });
    const result = await run('{ getPost(id: "1") { id title } }');
    expect(events).toEqual([
      { id: '1', prev: { allowed: true }, stash: { started: true, checkedBy: 'checkPermission' } },
    ]);
    expect(result.data).toEqual({ getPost: { id: '1', title: 'checkPermission' } });
    expect(result.invocations).toMatchObject([{ field: 'Query.getPost', function: 'fetchPost' }]);
    expect(
      result.handlers.map((run) => `${run.step}${run.function ? `:${run.function}` : ''}`),
    ).toEqual([
      'before',
      'request:checkPermission',
      'response:checkPermission',
      'request:fetchPost',
      'response:fetchPost',
      'after',
    ]);
  });

  it('stops at a function that raises util.error: no later function, no after', async () => {
    const { run, events } = setup({
      fields: {
        'Query.getPost': {
          front: {
            kind: 'pipeline',
            handlers: js(
              () => ({}),
              () => 'after ran',
            ),
            functions: [permission, fetchPost],
          },
        },
      },
      lambda: () => ({ id: 'x' }),
    });
    const result = await run('{ getPost(id: "private") { id } }');
    expect(events).toEqual([]);
    expect(result.data).toEqual({ getPost: null });
    expect(result.errors).toMatchObject([{ errorType: 'Unauthorized', message: 'Not allowed' }]);
    expect(result.handlers.map((run) => run.step)).not.toContain('after');
  });

  // "When called in an AWS AppSync pipeline resolver request handler, the pipeline execution is
  // skipped, and the pipeline resolver response handler is called immediately."
  it('skips every function after an early return in before, and runs after with its value', async () => {
    const { run, events } = setup({
      fields: {
        'Query.secret': {
          front: {
            kind: 'pipeline',
            handlers: js(
              (_ctx, out) => out.earlyReturn('early'),
              (ctx) => `after:${String(ctx.prev.result)}`,
            ),
            functions: [fetchPost],
          },
        },
      },
      lambda: () => 'lambda',
    });
    const result = await run('{ secret(id: "1") }');
    expect(events).toEqual([]);
    expect(result.data).toEqual({ secret: 'after:early' });
  });

  // "When called in an AWS AppSync function request handler, the data source and response
  // handler are skipped, and the next function request handler … is called"; skipTo END skips to
  // the pipeline's response handler.
  it('skips a function after an early return in its request, and every function with skipTo END', async () => {
    const skipping = (skipTo?: 'END' | 'NEXT') =>
      fn(
        'skip',
        'LAMBDA',
        js(
          (_ctx, out) => out.earlyReturn('skipped', skipTo),
          () => 'response ran',
        ),
      );
    const last = fn(
      'last',
      'NONE',
      js(
        (ctx) => ({ payload: `last saw ${String(ctx.prev.result)}` }),
        (ctx) => ctx.result,
      ),
    );
    for (const [skipTo, expected] of [
      [undefined, 'last saw skipped'],
      ['NEXT', 'last saw skipped'],
      ['END', 'skipped'],
    ] as const) {
      const { run, events } = setup({
        fields: {
          'Query.secret': {
            front: { kind: 'pipeline', handlers: undefined, functions: [skipping(skipTo), last] },
          },
        },
        lambda: () => 'lambda',
      });
      const result = await run('{ secret(id: "1") }');
      expect(events).toEqual([]);
      expect(result.data).toEqual({ secret: expected });
    }
  });

  it('calls a Direct Lambda function with the context, its prev and the stash', async () => {
    const { run, events } = setup({
      fields: {
        'Query.secret': {
          front: {
            kind: 'pipeline',
            handlers: js(
              (ctx) => {
                ctx.stash.user = 'u1';
                return 'from before';
              },
              (ctx) => ctx.prev.result,
            ),
            functions: [fn('direct', 'LAMBDA', undefined)],
          },
        },
      },
      lambda: (event) => `lambda saw ${(event as { prev: { result: string } }).prev.result}`,
    });
    const result = await run('{ secret(id: "1") }');
    expect(result.data).toEqual({ secret: 'lambda saw from before' });
    expect(events).toMatchObject([
      {
        arguments: { id: '1' },
        prev: { result: 'from before' },
        stash: { user: 'u1' },
        info: { fieldName: 'secret' },
      },
    ]);
  });

  it('gives a NONE function with only a request template its payload as the result', async () => {
    const { run } = setup({
      fields: {
        'Query.secret': {
          front: {
            kind: 'pipeline',
            handlers: undefined,
            functions: [
              fn(
                'none',
                'NONE',
                vtl((ctx) => ({ version: '2018-05-29', payload: `p${String(ctx.args.id)}` })),
              ),
            ],
          },
        },
      },
      lambda: () => null,
    });
    const result = await run('{ secret(id: "1") }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ secret: 'p1' });
  });

  it('gives each field resolution its own stash', async () => {
    const { run } = setup({
      fields: {
        'Query.secret': {
          front: {
            kind: 'pipeline',
            handlers: js(
              (ctx) => {
                ctx.stash.count = ((ctx.stash.count as number | undefined) ?? 0) + 1;
                return null;
              },
              (ctx) => String(ctx.stash.count),
            ),
            functions: [
              fn(
                'none',
                'NONE',
                js(
                  () => ({ payload: 1 }),
                  (ctx) => ctx.result,
                ),
              ),
            ],
          },
        },
      },
      lambda: () => null,
    });
    const result = await run('{ a: secret(id: "1") b: secret(id: "2") }');
    expect(result.data).toEqual({ a: '1', b: '1' });
  });
});
