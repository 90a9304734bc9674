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
  /** What {@link watch} was given, called at the deadline. */
  #onExpire: (() => void) | undefined;
  #expired = false;
  /** When the deadline was read, in epoch milliseconds. */
  readAt = 0;
  /** The neighbours in the list of pending deadlines (see `schedule`); `undefined` when out. */
  prev: Deadline | undefined;
  next: Deadline | undefined;

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

  /**
   * Waits for `value` until the deadline: its value, or {@link TIMED_OUT} if the deadline came
   * first (at once when it has passed). Without a deadline, just `value`.
   */
  race<T>(value: PromiseLike<T>): PromiseLike<T | typeof TIMED_OUT> {
    if (this.at === null) return value;
    if (this.#expired) return Promise.resolve(TIMED_OUT);
    return new Promise((resolve, reject) => {
      this.watch(() => resolve(TIMED_OUT));
      value.then(resolve, reject);
    });
  }

  /**
   * Calls `onExpire` at the deadline, unless the request is disposed of first; at once when it
   * has already passed. Needs a deadline (`at` not `null`).
   */
  watch(onExpire: () => void): void {
    if (this.#expired) {
      onExpire();
      return;
    }
    const before = this.#onExpire;
    this.#onExpire =
      before === undefined
        ? onExpire
        : () => {
            before();
            onExpire();
          };
    schedule(this);
  }

  /** Called by the scheduler at the deadline. */
  expire(): void {
    if (this.#expired) return;
    this.#expired = true;
    unlink(this);
    this.#controller?.abort(this.#reason());
    const onExpire = this.#onExpire;
    this.#onExpire = undefined;
    onExpire?.();
  }

  /** The request is answered: stop watching its deadline. */
  dispose(): void {
    unlink(this);
    this.#onExpire = undefined;
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
      const now = Date.now();
      this.readAt = now;
      return now + Math.max(0, remaining - margin);
    } catch {
      return null; // an unreadable Lambda context: no deadline rather than a failed request
    }
  }
}

/** What {@link Deadline.race} resolves to when the deadline came first. */
export const TIMED_OUT: unique symbol = Symbol('timed out');

// One timer serves every pending deadline: a request links itself into `pending` and only
// re-arms the timer when its deadline comes before the armed one. A request that finishes just
// unlinks itself, so the common case (answered well before the deadline) costs no
// setTimeout/clearTimeout pair and no allocation. In Lambda there is one request at a time, so
// the list is short; the scan at each firing is over the requests still running.

/** The first pending deadline (a doubly linked list through `prev` and `next`). */
let pending: Deadline | undefined;
let armedAt = Number.POSITIVE_INFINITY;
let armedHandle: unknown;
/** The `setTimeout` the timer was armed with: if it changed (fake timers), the timer is re-armed. */
let armedWith: unknown;

function schedule(deadline: Deadline): void {
  if (deadline.prev === undefined && pending !== deadline) {
    deadline.next = pending;
    if (pending !== undefined) pending.prev = deadline;
    else refTimer(true); // the timer now guards a request: it must keep the process alive
    pending = deadline;
  }
  const at = deadline.at as number;
  // Re-arm for an earlier deadline, after fake timers were swapped, or when the armed time has
  // passed without the timer firing (the wall clock jumped forward: timers run on another clock).
  if (at < armedAt || armedAt < deadline.readAt || timers().setTimeout !== armedWith) arm(at);
}

function unlink(deadline: Deadline): void {
  const { prev, next } = deadline;
  if (prev !== undefined) prev.next = next;
  else if (pending === deadline) pending = next;
  else return; // not in the list
  if (next !== undefined) next.prev = prev;
  deadline.prev = undefined;
  deadline.next = undefined;
  // Nothing left to guard: the timer stays armed for the next request, but holds no process.
  if (pending === undefined) refTimer(false);
}

/**
 * A pending deadline must keep the event loop alive: Lambda's runtime answers `null` for the
 * whole request when the loop empties while the handler is still pending (an item that hangs
 * without a socket or a timer). Without pending deadlines the timer must not hold a script open.
 */
function refTimer(on: boolean): void {
  const handle = armedHandle as { ref?: () => void; unref?: () => void } | undefined;
  if (on) handle?.ref?.();
  else handle?.unref?.();
}

/** `setTimeout` takes at most 2³¹−1 ms; a longer delay would fire at once, again and again. */
const MAX_DELAY = 2_147_483_647;

function arm(at: number): void {
  const g = timers();
  if (armedHandle !== undefined && armedWith === g.setTimeout) g.clearTimeout(armedHandle);
  armedAt = at;
  armedWith = g.setTimeout;
  armedHandle = g.setTimeout(fire, Math.min(MAX_DELAY, Math.max(0, at - Date.now())));
  refTimer(pending !== undefined);
}

function fire(): void {
  armedHandle = undefined;
  armedAt = Number.POSITIVE_INFINITY;
  const now = Date.now();
  let earliest = Number.POSITIVE_INFINITY;
  for (let deadline = pending; deadline !== undefined; ) {
    const following: Deadline | undefined = deadline.next;
    const at = deadline.at as number;
    if (at <= now) deadline.expire();
    else if (at < earliest) earliest = at;
    deadline = following;
  }
  if (earliest !== Number.POSITIVE_INFINITY) arm(earliest);
}
