/**
 * examples/client run as their comments say: the notifications API served by
 * `appsync-direct dev --auth apiKey,iam`, publish.mjs run with node and an API key, and notify.ts's
 * resolver calling it with IAM, signed with the key pair dev prints.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invoke, invokeEvent, lambdaContext } from '../../src/testing/index.js';
import { ROOT } from '../cli-helpers.js';
import { startTestServer, type TestServer } from '../dev-helpers.js';

const run = promisify(execFile);
let dev: TestServer;

beforeAll(async () => {
  dev = await startTestServer({
    schema: 'examples/client/notifications.graphql',
    handler: 'examples/client/notifications.ts',
    auth: ['apiKey', 'iam'],
  });
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await dev?.server.close();
});

describe('examples/client/publish.mjs', () => {
  const publish = (args: string[], env: Record<string, string>) =>
    run(process.execPath, ['examples/client/publish.mjs', ...args], {
      cwd: ROOT,
      env: { PATH: String(process.env.PATH), ...env },
      timeout: 30_000,
    });

  it('runs the mutation with the API key and prints what the API answered', async () => {
    const { stdout, stderr } = await publish(['1', 'Hello'], {
      APPSYNC_URL: dev.server.url,
      APPSYNC_API_KEY: 'da2-appsyncdirectlocaldev00000',
    });
    expect(stderr).toBe('');
    expect(stdout).toBe('post 1: 3 followers told\n');
  });

  it("prints AppSync's error type and exits 1 when the API refuses", async () => {
    const refused = await publish(['1', 'Hello'], {
      APPSYNC_URL: dev.server.url,
      APPSYNC_API_KEY: 'da2-wrongkey',
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(refused).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining(
        'UnauthorizedException: mutation: UnauthorizedException: You are not authorized to make this call.',
      ),
    });
    const invalid = await publish(['1', ' '], {
      APPSYNC_URL: dev.server.url,
      APPSYNC_API_KEY: 'da2-appsyncdirectlocaldev00000',
    }).catch((error: { code: number; stderr: string }) => error);
    expect(invalid).toMatchObject({
      code: 1,
      stderr: 'ValidationError: mutation: ValidationError: title must not be empty\n',
    });
  });
});

describe('examples/client/notify.ts', () => {
  it('publishes a post and tells its followers through the notifications API, signed with IAM', async () => {
    const iam = dev.server.iam;
    expect(iam).toBeDefined();
    // What Lambda sets for the function's role, here the local key pair dev printed.
    vi.stubEnv('AWS_ACCESS_KEY_ID', iam?.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', iam?.secretAccessKey);
    vi.stubEnv('AWS_SESSION_TOKEN', undefined);
    vi.stubEnv('AWS_REGION', iam?.region);
    vi.stubEnv('NOTIFICATIONS_URL', dev.server.url);
    const { app } = await import('../../examples/client/notify.js');
    const published = await invoke(
      app,
      invokeEvent({ field: 'Mutation.publishPost', args: { id: '2' } }),
    );
    expect(published).toEqual({
      data: { id: '2', title: 'Batching, explained', published: true, notified: 1 },
    });
    const sent = await dev.post({ query: '{ sentFor(postId: "2") }' });
    expect(sent.json).toEqual({ data: { sentFor: 1 } });
    const missing = await invoke(
      app,
      invokeEvent({ field: 'Mutation.publishPost', args: { id: '9' } }),
    );
    expect(missing).toEqual({
      error: { errorType: 'NotFoundError', errorMessage: 'post 9 not found' },
    });
  });

  it('stops the call at the Lambda deadline, which answers TimeoutError rather than a late result', async () => {
    const { app } = await import('../../examples/client/notify.js');
    // A Lambda with 1 ms left: ctx.signal fires, and the call with it, before the API answers.
    const late = await invoke(
      app,
      invokeEvent({ field: 'Mutation.publishPost', args: { id: '1' } }),
      lambdaContext({ remainingMs: 1 }),
    );
    expect(late).toMatchObject({
      error: { errorType: expect.stringMatching(/NotificationFailed|TimeoutError/) },
    });
  });
});
