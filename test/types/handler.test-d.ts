/**
 * Type tests: the handler fits the Lambda handler types of `@types/aws-lambda`, and the types of
 * `@types/aws-lambda` fit ours. Checked by `tsc --noEmit` (`npm run typecheck`), never run.
 */
import type {
  AppSyncResolverEvent,
  DirectLambdaHandler,
  LambdaContext,
  ResolverApp,
} from 'appsync-direct';
import { createResolver } from 'appsync-direct';
import type {
  AmplifyGraphQlResolverHandler,
  AppSyncBatchResolverHandler,
  AppSyncResolverHandler,
  Context,
  AppSyncResolverEvent as TypesAppSyncResolverEvent,
} from 'aws-lambda';
import { expectTypeOf } from 'vitest';

interface Post {
  id: string;
  title: string;
}

interface User {
  id: string;
  name: string;
}

const app: ResolverApp = createResolver();
const handler = app.handler();

expectTypeOf(handler).toEqualTypeOf<DirectLambdaHandler>();
// Any event is accepted (shapes are checked at run time); the answer is always a promise.
expectTypeOf(handler).parameter(0).toBeUnknown();
expectTypeOf(handler).parameter(1).toEqualTypeOf<LambdaContext | undefined>();
expectTypeOf(handler).returns.toExtend<Promise<unknown>>();

// ---- The handler is assignable to the @types/aws-lambda handler types ------------------------

expectTypeOf(handler).toExtend<AppSyncResolverHandler<{ id: string }, Post>>();
// biome-ignore lint/complexity/noBannedTypes: `{}` is how @types/aws-lambda spells "no arguments"
expectTypeOf(handler).toExtend<AppSyncBatchResolverHandler<{}, User>>();
expectTypeOf(handler).toExtend<AmplifyGraphQlResolverHandler>();
expectTypeOf(handler).toExtend<
  AmplifyGraphQlResolverHandler<{ id: string }, { postId: string }, Post>
>();

// The same, as the assignments users write in their handler modules.
export const getPost: AppSyncResolverHandler<{ id: string }, Post> = app.handler();
// biome-ignore lint/complexity/noBannedTypes: `{}` is how @types/aws-lambda spells "no arguments"
export const authors: AppSyncBatchResolverHandler<{}, User> = app.handler();
export const amplify: AmplifyGraphQlResolverHandler = app.handler();
export const direct: AppSyncResolverHandler<
  Record<string, unknown>,
  unknown,
  Post
> = createResolver()
  .resolver('Post.title', (ctx) => ctx.source)
  .handler();

// ---- The Lambda context ---------------------------------------------------------------------

// @types' `Context` is assignable to our `LambdaContext`, so the runtime's context can be passed.
expectTypeOf<Context>().toExtend<LambdaContext>();
declare const lambdaContext: Context;
void handler({}, lambdaContext);
// The context is optional (tests and scripts call the handler without one).
void handler({});
// @ts-expect-error a context must carry awsRequestId
void handler({}, { getRemainingTimeInMillis: () => 1000 });
// A plain `{ awsRequestId }` is enough (getRemainingTimeInMillis is optional).
void handler({}, { awsRequestId: 'req-1' });
// @ts-expect-error getRemainingTimeInMillis, when given, returns a number
void handler({}, { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 'soon' });

// ---- Events ---------------------------------------------------------------------------------

// An event typed by @types/aws-lambda is assignable to our event type (defaults and explicit).
expectTypeOf<TypesAppSyncResolverEvent<Record<string, unknown>>>().toExtend<AppSyncResolverEvent>();
expectTypeOf<TypesAppSyncResolverEvent<{ id: string }>>().toExtend<
  AppSyncResolverEvent<{ id: string }, Record<string, unknown> | null>
>();
expectTypeOf<TypesAppSyncResolverEvent<{ id: string }, Post>>().toExtend<
  AppSyncResolverEvent<{ id: string }, Post>
>();
declare const typesEvent: TypesAppSyncResolverEvent<{ id: string }>;
export const ours: AppSyncResolverEvent<{ id: string }> = typesEvent;
void handler(typesEvent, lambdaContext);
void handler([typesEvent, typesEvent], lambdaContext);

// Our event keeps the wire's nullability where @types is too loose (PROTOCOL.md §2.3).
expectTypeOf<AppSyncResolverEvent['prev']>().toEqualTypeOf<{ result: unknown } | null>();
expectTypeOf<AppSyncResolverEvent['source']>().toEqualTypeOf<Record<string, unknown> | null>();
expectTypeOf<AppSyncResolverEvent['request']['domainName']>().toEqualTypeOf<string | null>();
// @ts-expect-error arguments of the wrong type do not fit
export const wrongArgs: AppSyncResolverEvent<{ id: number }> = typesEvent;
