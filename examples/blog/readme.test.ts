// The README's "Testing your resolvers" example, run as is (test/readme.test.ts keeps the two equal).
import { batchEvent, invoke, invokeEvent, loadFixture, makeIdentity } from 'appsync-direct/testing';
import { describe, expect, it } from 'vitest';
import { app } from './handler.js';

describe('Query.getPost', () => {
  it('returns the post', async () => {
    const event = invokeEvent({ field: 'Query.getPost', args: { id: '1' }, identity: 'cognito' });
    expect(await invoke(app, event)).toEqual({ data: expect.objectContaining({ id: '1' }) });
  });

  it('says NotFoundError for a missing post', async () => {
    const event = invokeEvent({ field: 'Query.getPost', args: { id: '404' } });
    expect(await invoke(app, event)).toEqual({
      error: { errorType: 'NotFoundError', errorMessage: 'post 404 not found' },
    });
  });
});

describe('Mutation.deletePost', () => {
  it('is for admins only', async () => {
    const identity = makeIdentity('cognito', { groups: ['editors'] });
    const event = invokeEvent({ field: 'Mutation.deletePost', args: { id: '1' }, identity });
    expect(await invoke(app, event)).toEqual({
      error: {
        errorType: 'UnauthorizedException',
        errorMessage: 'You are not authorized to make this call.', // AppSync's rewrite
      },
    });
  });
});

describe('Post.author', () => {
  it('fails only the item whose author is missing', async () => {
    const event = batchEvent('Post.author', [
      { source: { id: '1', authorId: 'u1' } },
      { source: { id: '2', authorId: 'u404' } },
    ]);
    expect(await invoke(app, event)).toEqual([
      { data: { id: 'u1', name: 'Ada Lovelace' } },
      { error: { errorType: 'NotFoundError', errorMessage: 'author u404 not found' } },
    ]);
  });

  it('answers the shipped batch of 100', async () => {
    expect(await invoke(app, loadFixture('batch-100'))).toHaveLength(100);
  });
});
