/**
 * Handlers for the CLI tests, one export each, picked with --export. `handler` echoes the event
 * and the Lambda context, so a test can check exactly what the command sent.
 */

interface Context {
  awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

type Item = { source?: unknown };

/** An Invoke answers with what arrived; a BatchInvoke with one `{ data: { source } }` per item. */
export const handler = (event: unknown, context: Context): unknown =>
  Array.isArray(event)
    ? event.map((item: Item) => ({ data: { source: item.source ?? null } }))
    : {
        event,
        requestId: context.awsRequestId,
        remainingMs: context.getRemainingTimeInMillis(),
      };

/** A value JSON.stringify cannot serialise. */
export const bigint = (): unknown => ({ post: { id: '1', views: 10n } });

/** A thrown string, not an Error. */
export const throwsString = (): never => {
  throw 'the database is down';
};

/** A thrown plain Error. */
export const throwsError = (): never => {
  throw new TypeError('cannot read the table');
};

/** An UnauthorizedException, whose message AppSync replaces. */
export const unauthorized = (): never => {
  const error = new Error('only admins may do this');
  error.name = 'UnauthorizedException';
  throw error;
};

/** A batch answered with the wrong number of items. */
export const shortBatch = (): unknown => [];

/** Prints on stdout, through console.log and process.stdout.write, then answers. */
export const noisy = (): unknown => {
  console.log('console.log from the handler');
  console.info('console.info from the handler');
  process.stdout.write('process.stdout.write from the handler\n');
  process.stdout.write(new TextEncoder().encode('bytes from the handler\n'), () => {});
  return { ok: true };
};

/** Returns undefined, which Lambda sends as null. */
export const nothing = (): undefined => undefined;

/** Neither a function nor an app. */
export const answer = 42;

/** An object without a handler() method. */
export const settings = { table: 'posts' };
