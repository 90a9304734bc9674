/** The one rule about batch resolvers AppSync never batches, shared by manifest, check and CDK. */
import { describe, expect, it } from 'vitest';
import { type BatchedRoute, isNeverBatched, neverBatchedMessage } from '../src/batching.js';

describe('isNeverBatched', () => {
  it('is a batch route below the root types, without maxBatchSize or with 0', () => {
    const routes: BatchedRoute[] = [
      { typeName: 'Post', fieldName: 'a', kind: 'batch' },
      { typeName: 'Post', fieldName: 'b', kind: 'batch', maxBatchSize: 0 },
      { typeName: 'Post', fieldName: 'c', kind: 'batch', maxBatchSize: 1 },
      { typeName: 'Post', fieldName: 'd', kind: 'resolver' },
      { typeName: 'Post', fieldName: 'e', kind: 'resolver', maxBatchSize: 10 },
      { typeName: 'Post', fieldName: 'f' },
      { typeName: 'Query', fieldName: 'g', kind: 'batch' },
      { typeName: 'Mutation', fieldName: 'h', kind: 'batch' },
      { typeName: 'Subscription', fieldName: 'i', kind: 'batch', maxBatchSize: 0 },
    ];
    expect(routes.filter((route) => isNeverBatched(route)).map((r) => r.fieldName)).toEqual([
      'a',
      'b',
    ]);
    const roots = new Set(['Root']);
    expect(
      routes
        .concat([{ typeName: 'Root', fieldName: 'j', kind: 'batch' }])
        .filter((route) => isNeverBatched(route, roots))
        .map((r) => r.fieldName),
    ).toEqual(['a', 'b', 'g', 'h', 'i']);
  });

  it('says what AppSync does and what to change, naming the setting', () => {
    expect(neverBatchedMessage({ typeName: 'Post', fieldName: 'author', kind: 'batch' })).toBe(
      "Post.author is a batchResolver without maxBatchSize, so AppSync never batches it: it sends one Invoke per Post. Give it { maxBatchSize } from 1 to 2000 in app.batchResolver('Post.author', …)",
    );
    expect(
      neverBatchedMessage({
        typeName: 'Post',
        fieldName: 'author',
        kind: 'batch',
        maxBatchSize: 0,
      }),
    ).toMatch(/^Post\.author is a batchResolver with maxBatchSize 0, so/);
  });
});
