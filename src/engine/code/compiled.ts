/**
 * A field's declaration compiled: the handlers of its unit resolver or of its pipeline's steps,
 * ready to run per field resolution.
 */
import type { CompiledHandlers } from './handlers.js';

/** One function of a compiled pipeline. */
export interface CompiledFunction {
  name: string;
  dataSource: 'LAMBDA' | 'NONE';
  /** Absent for a Direct Lambda function (a `LAMBDA` function without code or templates). */
  handlers: CompiledHandlers | undefined;
  /** The largest BatchInvoke of this function; 0 for AppSync's default of 5. */
  maxBatchSize: number;
}

/** What runs in front of one field's Lambda. */
export type CompiledFront =
  | { kind: 'unit'; handlers: CompiledHandlers }
  | {
      kind: 'pipeline';
      /** The pipeline's `before` (`request`) and `after` (`response`); absent: pass-through. */
      handlers: CompiledHandlers | undefined;
      functions: readonly CompiledFunction[];
    };
