// The six BatchInvoke handlers the warm-dispatch and memory workers compare, by the names their
// tables use.
import { batch as handBatch, promiseAll as handPromiseAll } from './hand-batch.js';
import { batch as oursBatch, perItem as oursPerItem } from './ours-batch.js';
import {
  aggregate as powertoolsAggregate,
  perItem as powertoolsPerItem,
} from './powertools-batch.js';

/** Any handler: the Lambda context type differs by package, the call is the same. */
export type Handler = (event: never, context: never) => Promise<unknown>;

export const BATCH_HANDLERS: Readonly<Record<string, Handler>> = {
  oursResolver: oursPerItem,
  oursBatchResolver: oursBatch,
  handPromiseAll,
  handBatch,
  powertoolsPerItem,
  powertoolsAggregate,
};
