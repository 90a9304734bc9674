/**
 * The bad-input matrix: one row per way an event or a resolver can go wrong, each with the exact
 * answer AppSync reads (PROTOCOL.md §3–§4). For an Invoke that is the rejection's name and
 * message, `{ error: { errorType, errorMessage } }`; for a batch, the whole response array.
 *
 * `BAD_INPUT_CASES` is exported so that the documentation can list it; `name` is a short sentence
 * saying what is wrong, `category` groups the rows.
 */

import { readFileSync } from 'node:fs';
import {
  AppSyncError,
  createResolver,
  LAMBDA_RESPONSE_LIMIT,
  type LambdaContext,
  type ResolverApp,
  type ResolverContext,
  requireAuth,
} from 'appsync-direct';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { event, recordingLogger } from '../helpers.js';

type BadInputCategory = 'event' | 'batch' | 'routing' | 'resolver' | 'guard';

/** What AppSync reads of a rejected Invoke: the error's name and message. */
interface InvokeRejection {
  error: { errorType: string; errorMessage: string };
}

/** One entry of a BatchInvoke response. */
type BatchEntry = { data: unknown } | { data: null; errorType: string; errorMessage: string };

interface BadInputCase {
  /** What is wrong, as a short sentence. */
  name: string;
  category: BadInputCategory;
  /** The Lambda event (or, for resolver rows, the event that reaches the faulty resolver). */
  event: unknown;
  /** The exact answer. */
  expected: InvokeRejection | BatchEntry[];
  /** A text that must appear nowhere in the answer: a secret, or part of a huge input. */
  mustNotContain?: string;
}

// ---------------------------------------------------------------------------------------------
// The application every row runs against, and the exact texts it answers with
// ---------------------------------------------------------------------------------------------

const LAMBDA: LambdaContext = {
  awsRequestId: 'req-matrix',
  getRemainingTimeInMillis: () => 30_000,
};

/** Looks like a live API key; must never reach a client. */
const SECRET = 'sk_live_51MatrixFakeSecret';

/** 1 MiB of `x`; messages describe it by length, and must not contain even a run of it. */
const HUGE = 'x'.repeat(2 ** 20);
const HUGE_RUN = 'x'.repeat(16);

class NotFoundError extends AppSyncError {
  static readonly errorName = 'NotFoundError';
}

function matrixApp(): ResolverApp {
  return createResolver({ logger: recordingLogger() })
    .resolver('Query.getPost', (ctx: ResolverContext<{ id?: string }>) => ({
      id: ctx.args.id ?? null,
    }))
    .resolver('Post.title', () => 'A post')
    .resolver('User.title', () => 'Dr')
    .resolver('Query.notFound', () => {
      throw new NotFoundError('post 7 not found');
    })
    .resolver('Query.rejectsWithString', () => Promise.reject('upstream said no'))
    .resolver('Query.throwsSecretString', () => {
      throw `password=${SECRET}`;
    })
    .resolver('Query.throwsSecretError', () => {
      throw new Error(`connect postgres://admin:${SECRET}@db failed`);
    })
    .resolver('Query.returnsSecretError', () => new Error(`token ${SECRET} expired`))
    .resolver('Mutation.createPost', (ctx) => ctx.args, {
      args: z.object({ input: z.object({ title: z.string().min(1), tags: z.array(z.string()) }) }),
    })
    .resolver('Mutation.archivePost', () => true, { use: [requireAuth({ groups: ['admin'] })] })
    .resolver('Query.bigNumber', () => ({ n: 10n }))
    .resolver('Query.export', () => 'x'.repeat(LAMBDA_RESPONSE_LIMIT))
    .batchResolver('Post.author', (ctxs) => ctxs.map(() => ({ name: 'Ada' })))
    .batchResolver('Post.comments', (ctxs) => ctxs.slice(1).map(() => []))
    .batchResolver('Post.tags', () => ({ tags: [] }) as never)
    .batchResolver('Post.related', () => {
      throw `api key ${SECRET}`;
    });
}

const SHAPES =
  'expected an AppSync Direct Lambda context (an object with info.parentTypeName and info.fieldName), ' +
  'an array of them (BatchInvoke), a { version, operation, payload } mapping document, ' +
  'a { field, arguments } template payload or an Amplify @function event { typeName, fieldName, arguments }';

/** What an item of a batch may be: no arrays, no mapping documents. */
const ITEM_SHAPES =
  'expected an AppSync Direct Lambda context (an object with info.parentTypeName and info.fieldName), ' +
  'a { field, arguments } template payload or an Amplify @function event { typeName, fieldName, arguments }';

function rejection(errorType: string, errorMessage: string): InvokeRejection {
  return { error: { errorType, errorMessage } };
}

function failure(errorType: string, errorMessage: string): BatchEntry {
  return { data: null, errorType, errorMessage };
}

/** The event is none of the accepted shapes. */
const notAnEvent = (received: string) =>
  rejection('InvalidEventError', `Invalid event: ${SHAPES}; received ${received}.`);

interface Parts {
  arguments?: string;
  source?: string;
  identity?: string;
  request?: string;
  prev?: string;
  stash?: string;
}

/** Routed, but a part that must be an object (or null) is not; `at` is a batch index. */
function partsMessage(parts: Parts, at?: number): string {
  const p = {
    arguments: 'an empty object',
    source: 'null',
    identity: 'null',
    request: 'an object with keys [headers, domainName]',
    prev: 'null',
    stash: 'an empty object',
    ...parts,
  };
  const where = at === undefined ? 'event' : `BatchInvoke item ${at}`;
  return (
    `Invalid ${where}: arguments, source, identity, request, prev and stash must be objects or null; ` +
    `received arguments: ${p.arguments}, source: ${p.source}, identity: ${p.identity}, request: ${p.request}, ` +
    `prev: ${p.prev}, stash: ${p.stash}.`
  );
}

function namesMessage(received: string, at?: number): string {
  const where = at === undefined ? 'event' : `BatchInvoke item ${at}`;
  return `Invalid ${where}: info.parentTypeName and info.fieldName must be strings; received ${received}.`;
}

const notFoundMessage = (key: string) =>
  `No resolver is registered for ${key}; register one with app.resolver() or app.batchResolver().`;

const badBatchMessage = (key: string, expected: number, got: string) =>
  `The batch resolver of ${key} must return an array with one entry per context (${expected}), in order; it returned ${got}.`;

const INTERNAL = 'An internal error occurred (request id req-matrix).';

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;

/** A valid Direct Lambda context for `Type.field`, with parts replaced. */
function context(key: string, overrides: Obj = {}): Obj {
  return { ...(event(key) as unknown as Obj), ...overrides };
}

function without(item: Obj, key: string): Obj {
  const { [key]: _dropped, ...rest } = item;
  return rest;
}

/** What the Lambda runtime would build from this JSON text (own `__proto__` keys included). */
const parsed = (text: string): unknown => JSON.parse(text);

/** An event whose every read throws an error that holds the secret. */
function unreadable(): object {
  const trap = (): never => {
    throw new Error(`trap ${SECRET}`);
  };
  return new Proxy({}, { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap });
}

const post1 = context('Query.getPost', { arguments: { id: '1' } });
const post2 = context('Query.getPost', { arguments: { id: '2' } });

// biome-ignore lint/suspicious/noExportsInTest: the documentation lists this table; the rows are the test
export const BAD_INPUT_CASES: BadInputCase[] = [
  // --- The event as a whole -------------------------------------------------------------------
  { name: 'the event is null', category: 'event', event: null, expected: notAnEvent('null') },
  {
    name: 'the event is undefined',
    category: 'event',
    event: undefined,
    expected: notAnEvent('undefined'),
  },
  { name: 'the event is a number', category: 'event', event: 42, expected: notAnEvent('a number') },
  {
    name: 'the event is a string',
    category: 'event',
    event: 'Query.getPost',
    expected: notAnEvent('a string of length 13'),
  },
  {
    name: 'the event is a boolean',
    category: 'event',
    event: true,
    expected: notAnEvent('a boolean'),
  },
  {
    name: 'the event is an empty object',
    category: 'event',
    event: {},
    expected: notAnEvent('an empty object'),
  },
  {
    name: 'the event is a 1 MiB string',
    category: 'event',
    event: HUGE,
    expected: notAnEvent(`a string of length ${HUGE.length}`),
    mustNotContain: HUGE_RUN,
  },
  {
    name: 'the event has no info',
    category: 'event',
    event: without(post1, 'info'),
    expected: notAnEvent('an object with keys [arguments, identity, source, request, prev, stash]'),
  },
  {
    name: 'info names are a number and null',
    category: 'event',
    event: context('Query.getPost', { info: { parentTypeName: 1, fieldName: null } }),
    expected: rejection('InvalidEventError', namesMessage('a number and null')),
  },
  {
    name: 'info has no fieldName',
    category: 'event',
    event: context('Query.getPost', { info: { parentTypeName: 'Query' } }),
    expected: rejection('InvalidEventError', namesMessage('a string of length 5 and undefined')),
  },
  {
    name: 'arguments is an array',
    category: 'event',
    event: context('Query.getPost', { arguments: ['1'] }),
    expected: rejection('InvalidEventError', partsMessage({ arguments: 'an array of 1 item' })),
  },
  {
    name: 'arguments is a string',
    category: 'event',
    event: context('Query.getPost', { arguments: 'id=1' }),
    expected: rejection('InvalidEventError', partsMessage({ arguments: 'a string of length 4' })),
  },
  {
    name: 'arguments is a number',
    category: 'event',
    event: context('Query.getPost', { arguments: 1 }),
    expected: rejection('InvalidEventError', partsMessage({ arguments: 'a number' })),
  },
  {
    name: 'arguments is a 1 MiB string',
    category: 'event',
    event: context('Query.getPost', { arguments: HUGE }),
    expected: rejection(
      'InvalidEventError',
      partsMessage({ arguments: `a string of length ${HUGE.length}` }),
    ),
    mustNotContain: HUGE_RUN,
  },
  {
    name: 'identity is a string',
    category: 'event',
    event: context('Query.getPost', { identity: `Bearer ${SECRET}` }),
    expected: rejection(
      'InvalidEventError',
      partsMessage({ identity: `a string of length ${`Bearer ${SECRET}`.length}` }),
    ),
    mustNotContain: SECRET,
  },
  {
    name: 'request is an array',
    category: 'event',
    event: context('Query.getPost', { request: [] }),
    expected: rejection('InvalidEventError', partsMessage({ request: 'an array of 0 items' })),
  },
  {
    name: 'prev is an array',
    category: 'event',
    event: context('Query.getPost', { prev: [{ result: 1 }] }),
    expected: rejection('InvalidEventError', partsMessage({ prev: 'an array of 1 item' })),
  },
  {
    name: 'stash is a number',
    category: 'event',
    event: context('Query.getPost', { stash: 7 }),
    expected: rejection('InvalidEventError', partsMessage({ stash: 'a number' })),
  },
  {
    name: 'the event holds only an own __proto__ key with a context in it',
    category: 'event',
    event: parsed('{"__proto__":{"info":{"parentTypeName":"Query","fieldName":"getPost"}}}'),
    expected: notAnEvent('an object with keys [__proto__]'),
  },
  {
    name: 'every read of the event throws',
    category: 'event',
    event: unreadable(),
    expected: rejection('InternalError', INTERNAL),
    mustNotContain: SECRET,
  },
  {
    name: 'a mapping document names an unknown operation',
    category: 'event',
    event: { version: '2018-05-29', operation: 'Query', payload: post1 },
    expected: rejection(
      'InvalidEventError',
      'Invalid event: a mapping document\'s operation must be "Invoke" or "BatchInvoke"; received a string of length 5.',
    ),
  },
  {
    name: 'a mapping document spells the operation in lower case',
    category: 'event',
    event: { version: '2018-05-29', operation: 'invoke', payload: post1 },
    expected: rejection(
      'InvalidEventError',
      'Invalid event: a mapping document\'s operation must be "Invoke" or "BatchInvoke"; received a string of length 6.',
    ),
  },
  {
    name: 'a BatchInvoke mapping document carries one context instead of an array',
    category: 'event',
    event: { version: '2018-05-29', operation: 'BatchInvoke', payload: post1 },
    expected: rejection(
      'InvalidEventError',
      'Invalid event: a BatchInvoke mapping document must carry an array payload; received an object with keys [arguments, identity, source, request, prev, info, stash].',
    ),
  },
  {
    name: 'a BatchInvoke mapping document carries a null payload',
    category: 'event',
    event: { version: '2018-05-29', operation: 'BatchInvoke', payload: null },
    expected: rejection(
      'InvalidEventError',
      'Invalid event: a BatchInvoke mapping document must carry an array payload; received null.',
    ),
  },

  // --- Routing --------------------------------------------------------------------------------
  {
    name: 'a template payload names a field registered on two types',
    category: 'routing',
    event: { field: 'title', arguments: {} },
    expected: rejection(
      'InvalidEventError',
      'Invalid event: the field name "title" is ambiguous (Post.title, User.title); send "Type.field" as the field, or use the route option.',
    ),
  },
  {
    name: 'a template payload names an unknown field',
    category: 'routing',
    event: { field: 'getPots', arguments: {} },
    expected: rejection(
      'ResolverNotFoundError',
      'No resolver is registered for a field named "getPots"; register one, or send "Type.field" as the field.',
    ),
  },
  {
    name: 'a template payload names an Object.prototype member as its field',
    category: 'routing',
    event: { field: 'toString', arguments: {} },
    expected: rejection(
      'ResolverNotFoundError',
      'No resolver is registered for a field named "toString"; register one, or send "Type.field" as the field.',
    ),
  },
  {
    name: 'a template payload has a malformed "Type.field"',
    category: 'routing',
    event: { field: 'Query.get.Post', arguments: {} },
    expected: rejection(
      'InvalidEventError',
      'Invalid event: "field" must be a field name or a "Type.field" key; received a string of length 14.',
    ),
  },
  {
    name: 'a template payload has a 1 MiB malformed "Type.field"',
    category: 'routing',
    event: { field: `Query.${HUGE}-`, arguments: {} },
    expected: rejection(
      'InvalidEventError',
      `Invalid event: "field" must be a field name or a "Type.field" key; received a string of length ${HUGE.length + 7}.`,
    ),
    mustNotContain: HUGE_RUN,
  },
  {
    name: 'an Amplify event asks for an unregistered field',
    category: 'routing',
    event: {
      typeName: 'Query',
      fieldName: 'listPosts',
      arguments: {},
      identity: null,
      source: null,
    },
    expected: rejection('ResolverNotFoundError', notFoundMessage('Query.listPosts')),
  },
  {
    name: 'an Invoke asks for an unregistered Type.field',
    category: 'routing',
    event: context('Mutation.deletePost'),
    expected: rejection('ResolverNotFoundError', notFoundMessage('Mutation.deletePost')),
  },
  {
    name: 'the field name is __proto__',
    category: 'routing',
    event: parsed('{"arguments":{},"info":{"parentTypeName":"Query","fieldName":"__proto__"}}'),
    expected: rejection('ResolverNotFoundError', notFoundMessage('Query.__proto__')),
  },
  {
    name: 'the type name is constructor',
    category: 'routing',
    event: { typeName: 'constructor', fieldName: 'getPost', arguments: {} },
    expected: rejection('ResolverNotFoundError', notFoundMessage('constructor.getPost')),
  },

  // --- Batches --------------------------------------------------------------------------------
  { name: 'the batch is empty', category: 'batch', event: [], expected: [] },
  {
    name: 'an empty BatchInvoke mapping document',
    category: 'batch',
    event: { version: '2018-05-29', operation: 'BatchInvoke', payload: [] },
    expected: [],
  },
  {
    name: 'a batch asks for an unregistered field (one entry per item)',
    category: 'batch',
    event: [context('Query.listPosts'), post1, context('Query.listPosts')],
    expected: [
      failure('ResolverNotFoundError', notFoundMessage('Query.listPosts')),
      { data: { id: '1' } },
      failure('ResolverNotFoundError', notFoundMessage('Query.listPosts')),
    ],
  },
  {
    name: 'a batch mixes valid items with each invalid kind',
    category: 'batch',
    event: [
      post1,
      context('Query.getPost', { arguments: [] }),
      context('Query.getPost', { info: { parentTypeName: 'Query', fieldName: 7 } }),
      context('Query.getPost', { identity: 'anonymous' }),
      context('Query.getPost', { stash: 0 }),
      context('Query.getPosts'),
      unreadable(),
      post2,
    ],
    expected: [
      { data: { id: '1' } },
      failure('InvalidEventError', partsMessage({ arguments: 'an array of 0 items' }, 1)),
      failure('InvalidEventError', namesMessage('a string of length 5 and a number', 2)),
      failure('InvalidEventError', partsMessage({ identity: 'a string of length 9' }, 3)),
      failure('InvalidEventError', partsMessage({ stash: 'a number' }, 4)),
      failure('ResolverNotFoundError', notFoundMessage('Query.getPosts')),
      failure('InternalError', INTERNAL),
      { data: { id: '2' } },
    ],
    mustNotContain: SECRET,
  },
  {
    name: 'a BatchInvoke mapping document holds an unregistered item',
    category: 'batch',
    event: {
      version: '2018-05-29',
      operation: 'BatchInvoke',
      payload: [post1, context('Post.likes')],
    },
    expected: [
      { data: { id: '1' } },
      failure('ResolverNotFoundError', notFoundMessage('Post.likes')),
    ],
  },
  {
    name: 'a batch resolver returns one entry too few',
    category: 'batch',
    event: [context('Post.comments'), context('Post.comments'), context('Post.comments')],
    expected: Array.from({ length: 3 }, () =>
      failure(
        'InvalidBatchResponseError',
        badBatchMessage('Post.comments', 3, 'an array of 2 items'),
      ),
    ),
  },
  {
    name: 'a batch resolver returns one entry too few for an Invoke (a batch of one)',
    category: 'batch',
    event: context('Post.comments'),
    expected: rejection(
      'InvalidBatchResponseError',
      badBatchMessage('Post.comments', 1, 'an array of 0 items'),
    ),
  },
  {
    name: 'a batch resolver returns an object instead of an array',
    category: 'batch',
    event: [context('Post.tags'), context('Post.tags')],
    expected: Array.from({ length: 2 }, () =>
      failure(
        'InvalidBatchResponseError',
        badBatchMessage('Post.tags', 2, 'an object with keys [tags]'),
      ),
    ),
  },
  {
    name: 'a batch resolver fails only its own items in a mixed batch',
    category: 'batch',
    event: [context('Post.tags'), context('Post.author'), post1],
    expected: [
      failure(
        'InvalidBatchResponseError',
        badBatchMessage('Post.tags', 1, 'an object with keys [tags]'),
      ),
      { data: { name: 'Ada' } },
      { data: { id: '1' } },
    ],
  },

  // --- Resolvers ------------------------------------------------------------------------------
  {
    name: 'a resolver returns a promise that rejects with a string',
    category: 'resolver',
    event: context('Query.rejectsWithString'),
    expected: rejection('InternalError', INTERNAL),
    mustNotContain: 'upstream said no',
  },
  {
    name: 'a resolver rejects with a string, in a batch',
    category: 'resolver',
    event: [context('Query.rejectsWithString'), post1],
    expected: [failure('InternalError', INTERNAL), { data: { id: '1' } }],
    mustNotContain: 'upstream said no',
  },
  {
    name: 'a resolver throws a string holding a secret',
    category: 'resolver',
    event: context('Query.throwsSecretString'),
    expected: rejection('InternalError', INTERNAL),
    mustNotContain: SECRET,
  },
  {
    name: 'a resolver throws an Error whose message holds a secret',
    category: 'resolver',
    event: context('Query.throwsSecretError'),
    expected: rejection('InternalError', INTERNAL),
    mustNotContain: SECRET,
  },
  {
    name: 'a resolver returns an Error holding a secret, in a batch',
    category: 'resolver',
    event: [post1, context('Query.returnsSecretError'), context('Query.throwsSecretError')],
    expected: [
      { data: { id: '1' } },
      failure('InternalError', INTERNAL),
      failure('InternalError', INTERNAL),
    ],
    mustNotContain: SECRET,
  },
  {
    name: 'a batch resolver throws a string holding a secret (every item fails alike)',
    category: 'resolver',
    event: [context('Post.related'), context('Post.related')],
    expected: [failure('InternalError', INTERNAL), failure('InternalError', INTERNAL)],
    mustNotContain: SECRET,
  },
  {
    name: 'for contrast: an AppSyncError keeps its type and message',
    category: 'resolver',
    event: [context('Query.notFound'), post1],
    expected: [failure('NotFoundError', 'post 7 not found'), { data: { id: '1' } }],
  },
  // --- Fixed after the first matrix: shapes that were read as something else ----------------
  {
    name: 'a batch item is null, a number or a string',
    category: 'batch',
    event: [post1, null, 7, 'Query.getPost'],
    expected: [
      { data: { id: '1' } },
      failure('InvalidEventError', `Invalid BatchInvoke item 1: ${ITEM_SHAPES}; received null.`),
      failure(
        'InvalidEventError',
        `Invalid BatchInvoke item 2: ${ITEM_SHAPES}; received a number.`,
      ),
      failure(
        'InvalidEventError',
        `Invalid BatchInvoke item 3: ${ITEM_SHAPES}; received a string of length 13.`,
      ),
    ],
  },
  {
    name: 'an Invoke mapping document carries no context',
    category: 'event',
    event: { version: '2018-05-29', operation: 'Invoke', payload: [post1] },
    expected: rejection(
      'InvalidEventError',
      'Invalid event: an Invoke mapping document must carry one context object as its payload; received an array of 1 item.',
    ),
  },
  {
    name: 'info is a string',
    category: 'event',
    event: context('Query.getPost', { info: 'Query.getPost' }),
    expected: rejection(
      'InvalidEventError',
      'Invalid event: info must be an object with parentTypeName and fieldName; received a string of length 13.',
    ),
  },
  {
    name: 'the field name is 1 MiB long',
    category: 'routing',
    event: context('Query.getPost', {
      info: { ...(context('Query.getPost').info as Obj), fieldName: HUGE },
    }),
    expected: rejection(
      'InvalidEventError',
      `Invalid event: the type and field names must be GraphQL names of at most 256 characters; received a string of length 5 and a string of length ${HUGE.length}.`,
    ),
    mustNotContain: HUGE_RUN,
  },
  {
    name: 'an Amplify event names a field that is not a GraphQL name',
    category: 'routing',
    event: { typeName: 'Query', fieldName: `password=${SECRET}`, arguments: {} },
    expected: rejection(
      'InvalidEventError',
      `Invalid event: the type and field names must be GraphQL names of at most 256 characters; received a string of length 5 and a string of length ${SECRET.length + 9}.`,
    ),
    mustNotContain: SECRET,
  },
  {
    name: 'the type and field names are empty',
    category: 'routing',
    event: [post1, context('Query.getPost', { info: { parentTypeName: '', fieldName: '' } })],
    expected: [
      { data: { id: '1' } },
      failure(
        'InvalidEventError',
        'Invalid BatchInvoke item 1: the type and field names must be GraphQL names of at most 256 characters; received a string of length 0 and a string of length 0.',
      ),
    ],
  },
  {
    name: 'template payloads in a batch are ambiguous or malformed',
    category: 'routing',
    event: [post1, { field: 'title', arguments: {} }, { field: 'a.b.c', arguments: {} }],
    expected: [
      { data: { id: '1' } },
      failure(
        'InvalidEventError',
        'Invalid BatchInvoke item 1: the field name "title" is ambiguous (Post.title, User.title); send "Type.field" as the field, or use the route option.',
      ),
      failure(
        'InvalidEventError',
        'Invalid BatchInvoke item 2: "field" must be a field name or a "Type.field" key; received a string of length 5.',
      ),
    ],
  },
  {
    name: 'source is a string',
    category: 'event',
    event: context('Post.title', { source: 'not an object' }),
    expected: rejection('InvalidEventError', partsMessage({ source: 'a string of length 13' })),
  },
  // --- Guards: arguments, authorization, the response --------------------------------------
  {
    name: 'arguments fail their schema',
    category: 'guard',
    event: context('Mutation.createPost', { arguments: { input: { title: '', tags: ['a', 7] } } }),
    expected: rejection(
      'ValidationError',
      'Invalid arguments for Mutation.createPost: input.title: Too small: expected string to have >=1 characters; input.tags[1]: Invalid input: expected string, received number',
    ),
  },
  {
    name: 'arguments fail their schema in one item of a batch',
    category: 'guard',
    event: [
      context('Mutation.createPost', { arguments: { input: { title: 'A', tags: [] } } }),
      context('Mutation.createPost', { arguments: {} }),
    ],
    expected: [
      { data: { input: { title: 'A', tags: [] } } },
      failure(
        'ValidationError',
        'Invalid arguments for Mutation.createPost: input: Invalid input: expected object, received undefined',
      ),
    ],
  },
  {
    name: 'the caller is not in the required group',
    category: 'guard',
    event: context('Mutation.archivePost', {
      identity: { accountId: '1', userArn: 'arn:aws:iam::1:user/x', groups: ['admin'] },
    }),
    expected: rejection('UnauthorizedException', 'You are not authorized to make this call.'),
  },
  {
    name: 'a result holds a BigInt',
    category: 'guard',
    event: [context('Query.bigNumber'), post1],
    expected: [failure('InternalError', INTERNAL), { data: { id: '1' } }],
  },
  {
    name: 'a result is above the 6 MB response limit',
    category: 'guard',
    event: context('Query.export'),
    expected: rejection(
      'ResponseTooLargeError',
      `The result of Query.export is ${LAMBDA_RESPONSE_LIMIT + 2} bytes of JSON, above the ${LAMBDA_RESPONSE_LIMIT}-byte limit of a Lambda response; return less (paginate, or select fewer fields).`,
    ),
  },
];
/** What AppSync reads: the resolved value, or the rejection's name and message. */
async function answer(event: unknown): Promise<{ answer: unknown; wire: string }> {
  const handler = matrixApp().handler();
  try {
    const value: unknown = await handler(event, LAMBDA);
    return { answer: value, wire: JSON.stringify(value) };
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    const e = error as Error;
    const wire = JSON.stringify({ errorType: e.name, errorMessage: e.message, trace: e.stack });
    return { answer: { error: { errorType: e.name, errorMessage: e.message } }, wire };
  }
}

describe('the bad-input matrix', () => {
  it.each(BAD_INPUT_CASES)('$category: $name', async (row) => {
    const { answer: got, wire } = await answer(row.event);
    expect(got).toStrictEqual(row.expected);
    if (row.mustNotContain !== undefined) expect(wire).not.toContain(row.mustNotContain);
  });

  it('is listed row by row in docs/reliability.md', () => {
    const doc = readFileSync(new URL('../../docs/reliability.md', import.meta.url), 'utf8');
    for (const row of BAD_INPUT_CASES) {
      expect(doc, row.name).toContain(`| ${row.category} | ${row.name} |`);
    }
  });

  it('covers every category with at least 30 uniquely named rows', () => {
    expect(BAD_INPUT_CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(BAD_INPUT_CASES.map((row) => row.name)).size).toBe(BAD_INPUT_CASES.length);
    expect(new Set(BAD_INPUT_CASES.map((row) => row.category))).toStrictEqual(
      new Set(['event', 'batch', 'routing', 'resolver', 'guard']),
    );
  });
});
