import type { AuthMode } from '../../../src/engine/appsync-js/util.js';
import type { CodeContext, HandlerOutcome } from '../../../src/engine/code/handlers.js';
import { compileVtl } from '../../../src/engine/vtl/index.js';
import { context } from '../context.js';

export { context };

/** 2018-02-06T19:01:35.749Z: the instant of the AppSync time helper examples. */
export const NOW = 1517943695749;

interface RenderOptions {
  ctx?: CodeContext;
  authType?: AuthMode;
  now?: () => number;
  name?: string;
}

/** Compiles `text` as a request or response template and calls it once. */
export function render(
  which: 'request' | 'response',
  text: string,
  options: RenderOptions = {},
): HandlerOutcome {
  const source = { text, name: options.name ?? `Query.getPost (${which})`, resolveDir: '.' };
  const handler = compileVtl({ [which]: source })[which];
  if (handler === undefined) throw new Error(`no ${which} handler`);
  return handler({
    ctx: options.ctx ?? context(),
    authType: options.authType ?? 'API_KEY',
    now: options.now ?? (() => NOW),
  });
}

/** The value of a `value` outcome; fails the test on any other outcome. */
export function valueIn(outcome: HandlerOutcome): unknown {
  if (outcome.kind !== 'value') {
    throw new Error(`expected a value, got ${JSON.stringify(outcome)}`);
  }
  return outcome.value;
}

/** Renders a response template and returns its value. */
export const response = (text: string, options?: RenderOptions): unknown =>
  valueIn(render('response', text, options));
