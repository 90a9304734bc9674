import { AppSyncError, createResolver } from 'appsync-direct';

class NotFoundError extends AppSyncError {}

export const app = createResolver();
let notes = 0;

app.resolver('Query.whoami', (ctx) => {
  const identity = ctx.identity as Record<string, unknown> | null | undefined;
  if (identity === null || identity === undefined) return { kind: 'apiKey', id: null };
  if ('userArn' in identity) return { kind: 'iam', id: String(identity.userArn) };
  if ('resolverContext' in identity) {
    return { kind: 'lambda', id: JSON.stringify(identity.resolverContext) };
  }
  if ('groups' in identity) return { kind: 'cognito', id: String(identity.sub) };
  return { kind: 'oidc', id: String(identity.sub) };
});

app.resolver('Query.getPost', (ctx) => {
  const { id } = ctx.args as { id: string };
  if (id === '404') throw new NotFoundError(`post ${id} not found`);
  return { id, title: `Post ${id}` };
});

app.resolver('Post.author', (ctx) => {
  throw new AppSyncError(`no author for post ${(ctx.source as { id: string }).id}`, {
    errorType: 'AuthorMissing',
  });
});

app.resolver(
  'Query.slow',
  (ctx) =>
    new Promise<string>((resolve) =>
      setTimeout(() => resolve('ok'), (ctx.args as { ms: number }).ms),
    ),
);

app.resolver('Mutation.addNote', (ctx) => ({
  id: String(++notes),
  text: (ctx.args as { text: string }).text,
}));
