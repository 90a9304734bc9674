/**
 * The boundary of the HTTP entry: routed fields are served by calling the app's own dispatcher in
 * this process, with the Lambda context of the HTTP invocation (so resolvers see the same
 * deadline and `ctx.lambda`), and its answer is read with AppSync's rules — no JSON round trip
 * per field, since nothing crosses a process. A resolver, its middleware, validation and named
 * errors therefore behave as they do behind AppSync.
 */
import type { LambdaContext } from '../event.js';
import { readAnswer, thrownToError } from './answers.js';
import type { CallOutcome, DirectLambdaContext, FieldCaller } from './engine.js';

/** What serves the routed fields: an app from `createResolver()`, or anything with `resolve()`. */
export interface ResolvingApp {
  resolve(event: unknown, context?: LambdaContext): Promise<unknown>;
}

/**
 * A {@link FieldCaller} that calls `app.resolve()` with a BatchInvoke (an array of contexts) or
 * an Invoke (one context) and reads the answer as AppSync would read the Lambda's.
 */
export function inProcessCaller(app: ResolvingApp, lambda: LambdaContext | undefined): FieldCaller {
  return async (_route, events, batch): Promise<CallOutcome> => {
    const warnings: string[] = [];
    let answered: unknown;
    try {
      answered = await app.resolve(batch ? events : (events[0] as DirectLambdaContext), lambda);
    } catch (thrown) {
      // A thrown error fails every context of the call, as it fails a whole Lambda invocation.
      const error = thrownToError(thrown);
      return { outcomes: events.map(() => ({ error })), warnings };
    }
    return { outcomes: readAnswer(answered ?? null, events.length, batch, warnings), warnings };
  };
}
