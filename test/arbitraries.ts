import fc from 'fast-check';

/** A batch concurrency: mostly a small positive integer, sometimes unbounded. */
export const concurrencyArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 8 }) },
  { weight: 1, arbitrary: fc.constant(Number.POSITIVE_INFINITY) },
);
