/** Type tests of appsync-direct/testing. Checked by `tsc --noEmit`, never run. */
import { createResolver } from 'appsync-direct';
import {
  batchEvent,
  type InvokeResult,
  invoke,
  invokeEvent,
  lambdaContext,
  loadFixture,
} from 'appsync-direct/testing';
import type { Context } from 'aws-lambda';
import { expectTypeOf } from 'vitest';

const app = createResolver();

// An Invoke gives one result, a batch an array, an event of unknown shape either.
expectTypeOf(invoke(app, invokeEvent({ field: 'Query.a' }))).resolves.toEqualTypeOf<InvokeResult>();
expectTypeOf(invoke(app, batchEvent('Post.author', [{}]))).resolves.toEqualTypeOf<InvokeResult[]>();
expectTypeOf(invoke(app, loadFixture('amplify-function'))).resolves.toEqualTypeOf<InvokeResult>();
expectTypeOf(invoke(app, loadFixture('batch-3'))).resolves.toEqualTypeOf<InvokeResult[]>();
expectTypeOf(invoke(app, loadFixture('mapping-document-batch'))).resolves.toEqualTypeOf<
  InvokeResult | InvokeResult[]
>();
expectTypeOf(invoke<{ id: string }>(app, invokeEvent({ field: 'Query.a' }))).resolves.toEqualTypeOf<
  InvokeResult<{ id: string }>
>();

// A handler function works as well as an app.
invoke(app.handler(), invokeEvent({ field: 'Query.a' }));
invoke(async (_event: unknown) => 1, invokeEvent({ field: 'Query.a' }));

// The builders type arguments and source.
const event = invokeEvent({ field: 'Post.author', args: { id: '1' }, source: { authorId: 'u1' } });
expectTypeOf(event.arguments).toEqualTypeOf<{ id: string }>();
expectTypeOf(event.source).toEqualTypeOf<{ authorId: string }>();
// @ts-expect-error: an identity kind that does not exist
invokeEvent({ field: 'Query.a', identity: 'apikey' });

// The test Lambda context is a full @types/aws-lambda Context.
expectTypeOf(lambdaContext()).toExtend<Context>();
