/** Objects that look like apps but list routes that AppSync would not take. */
const stub = { handler: () => () => null };

export const outOfRange = {
  ...stub,
  routes: () => [
    { typeName: 'Query', fieldName: 'a', kind: 'batch', maxBatchSize: 2001 },
    { typeName: 'Query', fieldName: 'b', kind: 'resolver', maxBatchSize: 1.5 },
  ],
};
export const twice = {
  ...stub,
  routes: () => [
    { typeName: 'Query', fieldName: 'a', kind: 'resolver' },
    { typeName: 'Query', fieldName: 'a', kind: 'resolver' },
  ],
};
export const badNames = {
  ...stub,
  routes: () => [{ typeName: 'Query', fieldName: 'get-post', kind: 'resolver' }],
};
