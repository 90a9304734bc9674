import { createResolver } from 'appsync-direct';

/** A module that exports only an app: the command falls back to `app`. */
export const app = createResolver();

app.resolver('Query.hello', (ctx) => `Hello, ${String(ctx.args.name ?? 'world')}`);

// An unexpected error: the client sees InternalError, and the default jsonLogger writes the full
// error as a JSON line on stdout, which the command must move to stderr.
app.resolver('Query.broken', () => {
  console.log('about to fail');
  throw new Error('connection refused: db.internal:5432');
});
