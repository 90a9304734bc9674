/** One call of the Lambda handler, as the emulator made it. */
export interface Invocation {
  /** The field served, as `Type.field`. */
  field: string;
  /** The pipeline function that made the call, when one did. */
  function?: string;
  /** `Invoke` (one context) or `BatchInvoke` (an array of contexts). */
  kind: 'Invoke' | 'BatchInvoke';
  /** `Event` when resolver code asked for an asynchronous invocation, not waited for. */
  invocationType?: 'Event';
  /** How many contexts the event carried: 1 for an Invoke. */
  size: number;
  /** When the call started, in milliseconds since the request started. */
  startMs: number;
  /** How long the call took, JSON boundary included, in milliseconds. */
  durationMs: number;
  /** How many of the call's fields ended with an error. */
  errorCount: number;
  /**
   * What crossed the JSON boundary changed or looked wrong: a value JSON turned into something
   * else (a `Map` into `{}`), or a batch item that is not an envelope. Absent when none.
   */
  warnings?: string[];
}

/** Milliseconds as the trace gives them: to the hundredth. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Options of {@link summarize}. */
export interface SummaryOptions {
  /** What the line is about, printed first: `'POST /graphql getPost'`. */
  label?: string | undefined;
  /** The request's duration. Default: from the first call's start to the last call's end. */
  durationMs?: number | undefined;
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

/**
 * One human line for a request's Lambda calls, so N+1 patterns show at a glance: per field, the
 * Invoke count or the sizes of its batches, in the order the fields were first called.
 *
 * @example
 * summarize(result.invocations, { label: 'POST /graphql getPost' });
 * // 'POST /graphql getPost → 4 Lambda calls: Query.getPost ×1, Post.author batch 100+100+50 (12 ms)'
 */
export function summarize(
  invocations: readonly Invocation[],
  options: SummaryOptions = {},
): string {
  const prefix = options.label === undefined || options.label === '' ? '' : `${options.label} `;
  let duration = options.durationMs;
  if (duration === undefined) {
    const starts = invocations.map((call) => call.startMs);
    const ends = invocations.map((call) => call.startMs + call.durationMs);
    duration = invocations.length === 0 ? 0 : Math.max(...ends) - Math.min(...starts);
  }
  if (invocations.length === 0) return `${prefix}→ no Lambda calls (${ms(duration)})`;
  const byField = new Map<string, Invocation[]>();
  for (const call of invocations) {
    const field = call.function === undefined ? call.field : `${call.field}/${call.function}`;
    const calls = byField.get(field);
    if (calls === undefined) byField.set(field, [call]);
    else calls.push(call);
  }
  const parts = [...byField].map(([field, calls]) => {
    const invokes = calls.filter((call) => call.kind === 'Invoke').length;
    const batches = calls.filter((call) => call.kind === 'BatchInvoke').map((call) => call.size);
    const shown = [
      ...(invokes > 0 ? [`×${invokes}`] : []),
      ...(batches.length > 0 ? [`batch ${batches.join('+')}`] : []),
    ];
    const errors = calls.reduce((sum, call) => sum + call.errorCount, 0);
    const failed = errors === 0 ? '' : ` [${errors} error${errors === 1 ? '' : 's'}]`;
    return `${field} ${shown.join(', ')}${failed}`;
  });
  const count = invocations.length;
  return `${prefix}→ ${count} Lambda call${count === 1 ? '' : 's'}: ${parts.join(', ')} (${ms(duration)})`;
}
