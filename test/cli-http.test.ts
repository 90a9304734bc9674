import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INVOKE_HELP } from '../src/cli/invoke.js';
import { makeIdentity } from '../src/testing/index.js';
import { BLOG, cli, HANDLERS, ROOT, removeTempFiles, tempFiles } from './cli-helpers.js';

afterAll(removeTempFiles);

/** A handler of appsync-direct/http (createGraphQLHandler over a small schema), and others. */
const HTTP = 'test/cli-fixtures/http-handler.ts';
const HELP_HINT = 'Run "appsync-direct invoke --help" for every flag, with examples.';
const GRAPHQL_JSON = { 'content-type': 'application/graphql-response+json; charset=utf-8' };
const PREFLIGHT = '{"x-graphql-preflight":"1"}';

function httpInvoke(...argv: string[]) {
  return cli(['invoke', '--handler', HTTP, ...argv]);
}

/** The echo handler's view of the event, as an HTTP API sends an answer without a statusCode. */
async function sentEvent(...argv: string[]): Promise<Record<string, unknown>> {
  const result = await cli(['invoke', '--handler', HANDLERS, ...argv]);
  expect(result.code).toBe(0);
  return (result.json() as { body: { event: Record<string, unknown> } }).body.event;
}

describe('invoke --http: a request to a handler of appsync-direct/http', () => {
  it('--http v2 --query prints the HTTP response: status, headers and the parsed body', async () => {
    const result = await httpInvoke(
      '--http',
      'v2',
      '--query',
      '{ getPost(id: "1") { id title } whoami }',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({
      status: 200,
      headers: GRAPHQL_JSON,
      body: { data: { getPost: { id: '1', title: 'Post 1' }, whoami: 'anonymous' } },
    });
  });

  it.each(['v1', 'v2', 'url', 'alb'])('--http %s is answered on its payload', async (payload) => {
    const result = await httpInvoke('--http', payload, '--query', '{ getPost(id: "2") { title } }');
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({
      status: 200,
      body: { data: { getPost: { title: 'Post 2' } } },
    });
  });

  it('--raw prints the Lambda result as the handler returned it', async () => {
    const result = await httpInvoke('--http', 'v1', '--query', '{ whoami }', '--raw');
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({
      statusCode: 200,
      headers: GRAPHQL_JSON,
      body: '{"data":{"whoami":"anonymous"}}',
      isBase64Encoded: false,
    });
  });

  it('a GraphQL error in the body exits 1, with the errors printed; the resolver log goes to stderr', async () => {
    const result = await httpInvoke('--http', 'v2', '--query', '{ whoami fail }');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('about to fail');
    const { status, body } = result.json() as { status: number; body: Record<string, unknown> };
    expect(status).toBe(200);
    expect(body.data).toEqual({ whoami: 'anonymous', fail: null });
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['fail'],
        errorType: 'NotFoundError',
        message: 'nothing to see here',
      }),
    ]);
  });

  it('a non-2xx status exits 1: a document that does not parse is a 400', async () => {
    const result = await httpInvoke('--http', 'v2', '--query', '{ whoami');
    expect(result.code).toBe(1);
    expect(result.json()).toMatchObject({
      status: 400,
      body: { errors: [{ message: expect.stringContaining('Syntax Error') }] },
    });
  });

  it('--method GET sends the query string; with a preflight header it is answered', async () => {
    const result = await httpInvoke(
      '--http',
      'v2',
      '--method',
      'GET',
      '--query',
      'query Get($id: ID!) { getPost(id: $id) { id } }',
      '--variables',
      '{"id":"3"}',
      '--headers',
      PREFLIGHT,
    );
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ status: 200, body: { data: { getPost: { id: '3' } } } });

    const event = await sentEvent(
      '--http',
      'v2',
      '--method',
      'get',
      '--query',
      '{ x }',
      '--operation-name',
      'X',
    );
    expect(event).toMatchObject({
      requestContext: { http: { method: 'GET' } },
      rawQueryString: 'query=%7B+x+%7D&operationName=X',
    });
    expect(event.body).toBeUndefined();
  });

  it('a GET without a preflight header is what CSRF prevention refuses: 400, exit 1', async () => {
    const result = await httpInvoke('--http', 'v1', '--method', 'GET', '--query', '{ whoami }');
    expect(result.code).toBe(1);
    expect(result.json()).toMatchObject({
      status: 400,
      body: { errors: [{ message: expect.stringContaining('x-graphql-preflight: 1') }] },
    });
  });

  it('--query reads a .graphql file; --operation-name picks one of its operations', async () => {
    const dir = tempFiles({
      'ops.graphql': 'query One { getPost(id: "1") { title } }\nquery Who { whoami }\n',
    });
    const result = await cli(
      [
        'invoke',
        '--handler',
        join(ROOT, HTTP),
        '--http',
        'alb',
        '--query',
        'ops.graphql',
        '--operation-name',
        'One',
      ],
      dir,
    );
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ body: { data: { getPost: { title: 'Post 1' } } } });
  });

  it.each([
    ['v1', 'cognito', `user ${makeIdentity('cognito').sub}`],
    ['v2', 'cognito', `user ${makeIdentity('cognito').sub}`],
    ['v2', 'oidc', `user ${makeIdentity('oidc').sub}`],
    ['v2', 'lambda', 'a Lambda authorizer'],
    ['v1', 'iam', 'IAM arn:aws:iam::123456789012:user/appsync-caller'],
    ['url', 'iam', 'IAM arn:aws:iam::123456789012:user/appsync-caller'],
    ['url', 'none', 'anonymous'],
  ])(
    '--http %s --authorizer %s reaches the resolvers as that caller',
    async (payload, kind, who) => {
      const result = await httpInvoke(
        '--http',
        payload,
        '--authorizer',
        kind,
        '--query',
        '{ whoami }',
      );
      expect(result.code).toBe(0);
      expect(result.json()).toMatchObject({ body: { data: { whoami: who } } });
    },
  );

  it('--headers are sent; a Cookie header becomes the cookies of the event', async () => {
    const v2 = await sentEvent(
      '--http',
      'v2',
      '--query',
      '{ x }',
      '--headers',
      '{"X-Tenant-Id":"t-1","Cookie":"session=1; theme=dark"}',
    );
    expect(v2.cookies).toEqual(['session=1', 'theme=dark']);
    expect(v2.headers).toMatchObject({ 'x-tenant-id': 't-1' });
    expect(v2.headers).not.toHaveProperty('cookie');
  });

  it('--remaining-ms and --request-id shape the Lambda context', async () => {
    const result = await cli([
      'invoke',
      '--handler',
      HANDLERS,
      '--http',
      'url',
      '--query',
      '{ x }',
      '--request-id',
      'req-7',
      '--remaining-ms',
      '500',
    ]);
    const { body } = result.json() as { body: { requestId: string; remainingMs: number } };
    expect(body.requestId).toBe('req-7');
    expect(body.remainingMs).toBeLessThanOrEqual(500);
  });
});

describe('invoke --fixture / --event with an HTTP event', () => {
  it.each([
    'http-v1-cognito',
    'http-v1-iam',
    'http-v2-jwt-cognito',
    'http-v2-jwt-oidc',
    'http-v2-lambda-authorizer',
    'http-v2-cookies-base64',
    'http-url-iam',
    'http-alb',
  ])('--fixture %s is sent as an HTTP request and answered', async (name) => {
    const result = await httpInvoke('--fixture', name);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({
      status: 200,
      headers: GRAPHQL_JSON,
      body: { data: { getPost: { id: '1', title: 'Post 1' } } },
    });
  });

  it('--fixture http-v1-get: a GET without a preflight header, as the service sent it', async () => {
    const result = await httpInvoke('--fixture', 'http-v1-get');
    expect(result.code).toBe(1);
    expect(result.json()).toMatchObject({ status: 400 });
  });

  it('--event with an HTTP event file', async () => {
    const event = JSON.parse(readFileSync(join(ROOT, 'fixtures/http-v2-jwt-oidc.json'), 'utf8'));
    event.body = JSON.stringify({ query: '{ whoami }' });
    const dir = tempFiles({ 'event.json': JSON.stringify(event) });
    const result = await cli(
      ['invoke', '--handler', join(ROOT, HTTP), '--event', 'event.json'],
      dir,
    );
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({
      status: 200,
      body: { data: { whoami: expect.stringMatching(/^user /) } },
    });
  });
});

describe('invoke with an HTTP event: what the service makes of the answer', () => {
  it('cookies are shown apart from the headers, and a text body as text', async () => {
    for (const payload of ['v2', 'url']) {
      const result = await httpInvoke('--export', 'cookies', '--http', payload, '--query', '{ x }');
      expect(result.code).toBe(0);
      expect(result.json()).toEqual({
        status: 201,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        cookies: ['session=1; HttpOnly', 'theme=dark'],
        body: 'created',
      });
    }
  });

  it('a REST API ignores an answer’s cookies, and says so', async () => {
    const result = await httpInvoke('--export', 'cookies', '--http', 'v1', '--query', '{ x }');
    expect(result.code).toBe(0);
    expect(result.json()).not.toHaveProperty('cookies');
    expect(result.stderr).toBe(
      "Note: an API Gateway REST API (payload 1.0) ignores the answer's cookies.\n",
    );
  });

  it('an HTTP API sends an answer without statusCode as a 200 JSON body', async () => {
    const result = await httpInvoke('--export', 'notHttp', '--http', 'v2', '--query', '{ x }');
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: { data: { ok: true } },
    });
    expect(result.stderr).toContain('the answer has no statusCode');
  });

  it('a REST API cannot read an answer without statusCode: exit 1, explained', async () => {
    const result = await httpInvoke('--export', 'notHttp', '--http', 'v1', '--query', '{ x }');
    expect(result.code).toBe(1);
    expect(result.json()).toEqual({ data: { ok: true } });
    expect(result.stderr).toContain(
      "the handler's answer to --http v1 is not an HTTP response: it has no statusCode, so an API Gateway REST API (payload 1.0) answers 502 Bad Gateway",
    );
  });

  it('ALB with multi-value headers on reads only multiValueHeaders, and says what it ignores', async () => {
    const result = await httpInvoke('--export', 'cookies', '--fixture', 'http-alb-multi');
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({ status: 201, headers: {}, body: 'created' });
    expect(result.stderr).toBe(
      "Note: an Application Load Balancer (multi-value headers on) ignores the answer's headers.\n" +
        "Note: an Application Load Balancer (multi-value headers on) ignores the answer's cookies.\n",
    );
  });

  /** `--export answer` returns `variables.answer`: the Lambda result under test. */
  function answered(payload: string, result: unknown) {
    return httpInvoke(
      '--export',
      'answer',
      '--http',
      payload,
      '--query',
      '{ x }',
      '--variables',
      JSON.stringify({ answer: result }),
    );
  }

  it.each([
    [
      'v1',
      {
        statusCode: 200,
        headers: { 'x-a': '0' },
        multiValueHeaders: { 'x-a': ['1', '2'], 'Set-Cookie': ['a=1', 'b=2'] },
      },
      { status: 200, headers: { 'x-a': '0, 1, 2' }, cookies: ['a=1', 'b=2'], body: '' },
    ],
    [
      'v2',
      {
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: 'eyJhIjoxfQ==',
        isBase64Encoded: true,
      },
      { status: 200, headers: { 'content-type': 'application/json' }, body: { a: 1 } },
    ],
    [
      'url',
      {
        statusCode: 200,
        headers: { 'content-type': 'image/png' },
        body: 'iVBORw0KGgo=',
        isBase64Encoded: true,
      },
      {
        status: 200,
        headers: { 'content-type': 'image/png' },
        body: 'iVBORw0KGgo=',
        isBase64Encoded: true,
      },
    ],
    [
      'alb',
      {
        statusCode: 200,
        headers: { 'Content-Type': 'application/json' },
        body: '{"data":{},"errors":[]}',
      },
      {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: { data: {}, errors: [] },
      },
    ],
  ])('--http %s: %j is read as the service reads it', async (payload, result, view) => {
    const run = await answered(payload, result);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.json()).toEqual(view);
  });

  it.each([
    [
      { statusCode: 500, headers: { 'content-type': 'application/json' }, body: 'not json' },
      { status: 500, body: 'not json' },
    ],
    [
      {
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: '[{"data":{}},{"errors":[{"message":"no"}]}]',
      },
      { status: 200, body: [{ data: {} }, { errors: [{ message: 'no' }] }] },
    ],
  ])('%j exits 1', async (result, view) => {
    const run = await answered('v2', result);
    expect(run.code).toBe(1);
    expect(run.json()).toMatchObject(view);
  });

  it.each([
    [{ statusCode: '200', body: '' }, 'its statusCode is the string "200", not an integer'],
    [
      { statusCode: 200, body: { data: {} } },
      'its body is an object, not a string (JSON.stringify it)',
    ],
  ])('%j is no HTTP response: exit 1, printed as returned, explained', async (result, problem) => {
    const run = await answered('v2', result);
    expect(run.code).toBe(1);
    expect(run.json()).toEqual(result);
    expect(run.stderr).toBe(
      `appsync-direct invoke: the handler's answer to --http v2 is not an HTTP response: ${problem}. A handler of appsync-direct/http (createGraphQLHandler) returns one.\n`,
    );
  });

  it('an answer JSON cannot hold (a BigInt) exits 1, explained', async () => {
    const run = await cli([
      'invoke',
      '--handler',
      HANDLERS,
      '--export',
      'bigint',
      '--http',
      'v2',
      '--query',
      '{ x }',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      "appsync-direct invoke: the handler's answer is not JSON-serialisable, so Lambda cannot send it: Do not know how to serialize a BigInt",
    );
  });

  it('an HTTP API ignores multiValueHeaders, and says so', async () => {
    const run = await answered('v2', { statusCode: 204, multiValueHeaders: { 'x-a': ['1'] } });
    expect(run.code).toBe(0);
    expect(run.json()).toEqual({ status: 204, headers: {}, body: '' });
    expect(run.stderr).toBe(
      "Note: an API Gateway HTTP API (payload 2.0) ignores the answer's multiValueHeaders.\n",
    );
  });

  it('a thrown error exits 1 and is printed once, on stderr; --raw prints it as Lambda reports it', async () => {
    const result = await httpInvoke('--export', 'throws', '--http', 'v2', '--query', '{ x }');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^The handler threw: TypeError: cannot read the table\n {4}at /);
    expect(result.stderr.split('cannot read the table').length).toBe(2);
    const raw = await httpInvoke('--export', 'throws', '--http', 'v2', '--query', '{ x }', '--raw');
    expect(raw.code).toBe(1);
    expect(raw.json()).toEqual({ errorType: 'TypeError', errorMessage: 'cannot read the table' });
  });

  it('an AppSync event to a handler of appsync-direct/http: its HttpEventError, and what to send instead', async () => {
    const result = await httpInvoke('--field', 'Query.whoami');
    expect(result.code).toBe(1);
    expect(result.json()).toMatchObject({ error: { errorType: 'HttpEventError' } });
    expect(result.stderr).toBe(
      `--handler ${HTTP} answers HTTP requests (appsync-direct/http): send it one with --http v2 --query '{ … }', or with an http-* fixture\n`,
    );
  });
});

describe('invoke --http: bad usage, exit 2', () => {
  const h = ['--handler', HTTP];
  const q = ['--query', '{ whoami }'];
  it.each([
    [
      [...h, '--http', 'url', '--authorizer', 'cognito', ...q],
      "--http url --authorizer cognito: a function URL's auth type is NONE or AWS_IAM, so it has no cognito authorizer. Use --authorizer none or iam, or --http v2",
    ],
    [
      [...h, '--http', 'url', '--authorizer', 'lambda', ...q],
      'it has no lambda authorizer. Use --authorizer none or iam, or --http v2 (an HTTP API) or --http v1',
    ],
    [
      [...h, '--http', 'alb', '--authorizer', 'iam', ...q],
      '--http alb --authorizer iam: an Application Load Balancer puts no authorizer in the Lambda event',
    ],
    [
      [...h, '--http', 'v2', '--field', 'Query.whoami'],
      "--field Query.whoami builds an AppSync event and --http v2 an HTTP request: give one. An HTTP request names its fields in its document, as in --query '{ whoami }'",
    ],
    [
      [...h, '--http', 'v2', '--field', 'Mutation.createPost', ...q],
      "as in --query 'mutation { createPost }'",
    ],
    [
      [...h, '--http', 'v2', ...q, '--args', '{"id":"1"}'],
      `--args shapes an AppSync event built with --field, not an HTTP request: an HTTP request passes arguments in the document or as variables: --variables '{"id":"1"}'`,
    ],
    [
      [...h, '--http', 'v2', ...q, '--identity', 'cognito'],
      '--identity shapes an AppSync event built with --field, not an HTTP request: an HTTP request carries its caller in the authorizer part of the event: --authorizer none, cognito, oidc, lambda or iam',
    ],
    [[...h, '--http', 'v2', ...q, '--source', '{}'], 'an HTTP request has no parent object'],
    [[...h, '--http', 'v2', ...q, '--sources', '[{}]'], 'an HTTP request has no parent objects'],
    [
      [...h, '--http', 'v2', ...q, '--selection', 'id'],
      '--selection shapes an AppSync event built with --field, not an HTTP request: an HTTP request selects fields in its document',
    ],
    [
      [...h, '--field', 'Query.x', ...q],
      '--query shapes an HTTP request built with --http, not an AppSync event: an AppSync event names one field: --field Type.field with --args',
    ],
    [
      [...h, '--field', 'Query.x', '--authorizer', 'iam'],
      '--authorizer shapes an HTTP request built with --http, not an AppSync event: an AppSync event carries its caller as the identity: --identity apiKey',
    ],
    [
      [...h, '--field', 'Query.x', '--variables', '{}'],
      `--variables shapes an HTTP request built with --http, not an AppSync event: an AppSync event carries the field's arguments: --args`,
    ],
    [
      [...h, '--fixture', 'http-v1-cognito', ...q],
      '--query shapes an HTTP request built with --http; the event of --fixture is sent as is',
    ],
    [
      [...h, '--fixture', 'http-v1-cognito', '--method', 'GET'],
      '--method shapes an HTTP request built with --http; the event of --fixture is sent as is',
    ],
    [
      [...h, '--fixture', 'http-v1-cognito', '--headers', PREFLIGHT],
      '--headers shapes an event built with --field or --http; the event of --fixture is sent as is',
    ],
    [
      [...h, '--event', 'e.json', '--http', 'v2', ...q],
      '--event e.json and --http v2 each choose the event; give only one of --event, --fixture, --field and --http',
    ],
    [
      [...h, '--http', 'v3', ...q],
      '--http v3 is not a payload: use v1 (a REST API, payload 1.0), v2 (an HTTP API, payload 2.0), url (a function URL) or alb',
    ],
    [[...h, '--http', 'rest', ...q], '--http rest is not a payload: use v1'],
    [[...h, '--http', 'v2'], 'say which GraphQL document --http v2 sends with --query'],
    [
      [...h, '--http', 'v2', '--query', 'missing.graphql'],
      `--query missing.graphql: there is no such file (looked for ${join(ROOT, 'missing.graphql')}); give a .graphql file or the document itself`,
    ],
    [
      [...h, '--http', 'v2', ...q, '--method', 'PUT'],
      '--method PUT: GraphQL over HTTP is sent with POST (the default) or GET (a query only)',
    ],
    [
      [...h, '--http', 'v2', ...q, '--authorizer', 'cognitoo'],
      '--authorizer cognitoo is not an authorizer; did you mean cognito?: use none, cognito, oidc, lambda or iam',
    ],
    [
      [...h, '--http', 'v2', ...q, '--authorizer', 'apiKey'],
      '--authorizer apiKey is not an authorizer (an API key is no authorizer: a request without one, --authorizer none, is served in the apiKey mode)',
    ],
    [
      [...h, '--http', 'v2', ...q, '--variables', '[1]'],
      `--variables must be a JSON object, as in --variables '{"id":"1"}'; received [1]`,
    ],
    [[...h, '--http', 'v2', ...q, '--variables', '{id:1}'], '--variables is not valid JSON'],
    [[...h, '--http', 'v2', ...q, '--headers', '{"x-n":1}'], '--headers values must be strings'],
  ])('%j', async (argv, message) => {
    const result = await cli(['invoke', ...argv]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^appsync-direct invoke: /);
    expect(result.stderr).toContain(message);
    expect(result.stderr.endsWith(`\n${HELP_HINT}\n`)).toBe(true);
  });

  it.each([
    [
      ['--handler', BLOG, '--fixture', 'http-v2-jwt-cognito'],
      `--fixture http-v2-jwt-cognito is an HTTP request to an API Gateway HTTP API (payload 2.0), and export handler of ${BLOG} is the handler() of an app from createResolver(), which answers AppSync events. Serve the app over HTTP with createGraphQLHandler({ schema, app }) from appsync-direct/http`,
    ],
    [
      ['--handler', HTTP, '--export', 'app', '--http', 'url', '--query', '{ x }'],
      `--http url is an HTTP request to a Lambda function URL, and export app of ${HTTP} is an app from createResolver(), which answers AppSync events.`,
    ],
  ])('an HTTP event to an app that answers AppSync events: %j', async (argv, message) => {
    const result = await cli(['invoke', ...argv]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`appsync-direct invoke: ${message}`);
  });
});

describe('invoke --help for HTTP requests', () => {
  it('has a section for handlers of appsync-direct/http, with examples', () => {
    expect(INVOKE_HELP).toContain('\nAn HTTP request (a handler of appsync-direct/http)\n');
    expect(INVOKE_HELP).toContain(
      `appsync-direct invoke --handler src/http.ts --http v2 --query '{ getPost(id: "1") { title } }'`,
    );
    expect(INVOKE_HELP).toContain('--fixture http-v2-jwt-cognito');
    expect(INVOKE_HELP).toContain(`--headers '{"x-graphql-preflight":"1"}'`);
  });
});
