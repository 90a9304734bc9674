import { TimeoutError } from './errors/framework-errors.js';
import type { LambdaContext } from './event.js';

// The deadline of one request: Lambda's own deadline (from `getRemainingTimeInMillis()`) minus a
// safety margin, so that the dispatcher answers with what is finished, and `TimeoutError` for the
// rest, before Lambda kills the function and every item is lost (PROTOCOL.md §5).

/**
 * The part of `AbortSignal` the dispatcher relies on. `ctx.signal` is a real `AbortSignal`; this
 * interface only lets the runtime build without DOM or Node typings.
 */
export interface MinimalAbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
  throwIfAborted(): void;
}

/**
 * `ctx.signal`'s type: the global `AbortSignal` wherever the program has one in its typings (Node
 * or DOM), so it can be passed on to `fetch` or the AWS SDK as is; the minimal interface otherwise.
 */
export type DeadlineSignal = typeof globalThis extends { AbortSignal: { prototype: infer S } }
  ? S
  : MinimalAbortSignal;

interface AbortControllerLike {
  readonly signal: MinimalAbortSignal;
  abort(reason?: unknown): void;
}

interface TimerGlobals {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  AbortController: new () => AbortControllerLike;
}

const timers = (): TimerGlobals => globalThis as unknown as TimerGlobals;

/** The default safety margin, in milliseconds, kept free before Lambda's own deadline. */
export const DEFAULT_DEADLINE_MARGIN = 500;

/**
 * One request's deadline. Nothing is computed or scheduled until something needs it: a resolver
 * that answers synchronously never touches the clock, and `ctx.signal` is made on first read.
 */
export class Deadline {
  readonly #lambda: LambdaContext | undefined;
  readonly #margin: number | false;
  /** Epoch milliseconds; `null` when there is no deadline; `undefined` before it is read. */
  #at: number | null | undefined;
  #controller: AbortControllerLike | undefined;
  #waiters: (() => void)[] | undefined;
  #expired = false;

  constructor(lambda: LambdaContext | undefined, margin: number | false) {
    this.#lambda = lambda;
    this.#margin = margin;
  }

  /** When the request must be answered, in epoch milliseconds; `null` without a deadline. */
  get at(): number | null {
    if (this.#at === undefined) this.#at = this.#read();
    return this.#at;
  }

  /** The margin in milliseconds, `false` when deadlines are off. */
  get margin(): number | false {
    return this.#margin;
  }

  /** True once the deadline has passed (and the request was still running). */
  get expired(): boolean {
    return this.#expired;
  }

  /** An `AbortSignal` that aborts at the deadline, with a `TimeoutError` as its reason. */
  get signal(): DeadlineSignal {
    if (this.#controller === undefined) {
      this.#controller = new (timers().AbortController)();
      if (this.#expired) this.#controller.abort(this.#reason());
      else if (this.at !== null) schedule(this);
    }
    return this.#controller.signal as DeadlineSignal;
  }

  /** A promise that settles at the deadline; `undefined` when there is none. */
  whenExpired(): Promise<void> | undefined {
    if (this.at === null) return undefined;
    if (this.#expired) return Promise.resolve();
    return new Promise((resolve) => {
      this.#waiters ??= [];
      this.#waiters.push(resolve);
      schedule(this);
    });
  }

  /** Called by the scheduler at the deadline. */
  expire(): void {
    if (this.#expired) return;
    this.#expired = true;
    active.delete(this);
    this.#controller?.abort(this.#reason());
    for (const resolve of this.#waiters ?? []) resolve();
    this.#waiters = undefined;
  }

  /** The request is answered: stop watching its deadline. */
  dispose(): void {
    active.delete(this);
    this.#waiters = undefined;
  }

  #reason(): TimeoutError {
    return new TimeoutError(
      `The request reached its deadline (Lambda's remaining time minus a ${this.#margin} ms margin).`,
    );
  }

  #read(): number | null {
    const margin = this.#margin;
    if (margin === false) return null;
    try {
      const remaining = this.#lambda?.getRemainingTimeInMillis?.();
      if (typeof remaining !== 'number' || !Number.isFinite(remaining)) return null;
      return Date.now() + Math.max(0, remaining - margin);
    } catch {
      return null; // an unreadable Lambda context: no deadline rather than a failed request
    }
  }
}

// One timer serves every pending deadline: a request adds itself to `active` and only re-arms the
// timer when its deadline comes before the armed one. A request that finishes just leaves the set,
// so the common case (answered well before the deadline) costs no setTimeout/clearTimeout pair.

const active = new Set<Deadline>();
let armedAt = Number.POSITIVE_INFINITY;
let armedHandle: unknown;
/** The `setTimeout` the timer was armed with: if it changed (fake timers), the timer is re-armed. */
let armedWith: unknown;

function schedule(deadline: Deadline): void {
  const at = deadline.at as number;
  active.add(deadline);
  if (at < armedAt || timers().setTimeout !== armedWith) arm(at);
}

function arm(at: number): void {
  const g = timers();
  if (armedHandle !== undefined && armedWith === g.setTimeout) g.clearTimeout(armedHandle);
  armedAt = at;
  armedWith = g.setTimeout;
  const handle = g.setTimeout(fire, Math.max(0, at - Date.now()));
  // Never keep a process (a test run, a script) alive for a deadline alone.
  (handle as { unref?: () => void } | undefined)?.unref?.();
  armedHandle = handle;
}

function fire(): void {
  armedHandle = undefined;
  armedAt = Number.POSITIVE_INFINITY;
  const now = Date.now();
  let next = Number.POSITIVE_INFINITY;
  for (const deadline of active) {
    const at = deadline.at as number;
    if (at <= now) deadline.expire();
    else if (at < next) next = at;
  }
  if (next !== Number.POSITIVE_INFINITY) arm(next);
}
