import { readFileSync } from 'node:fs';
import type { AppSyncResolverEvent, LambdaContext, Logger } from '../src/index.js';

/** The keys of a Direct Lambda context, in the order AppSync sends them (PROTOCOL.md §2.1). */
export const CONTEXT_KEYS = [
  'arguments',
  'identity',
  'source',
  'request',
  'prev',
  'info',
  'stash',
] as const;

/** A Direct Lambda context for `Type.field`, shaped as AppSync sends it (PROTOCOL.md §2.1). */
export function event(
  key: string,
  args: Record<string, unknown> = {},
  extra: Partial<AppSyncResolverEvent> = {},
): AppSyncResolverEvent {
  const [parentTypeName = '', fieldName = ''] = key.split('.');
  return {
    arguments: args,
    identity: null,
    source: null,
    request: { headers: { 'content-type': 'application/json' }, domainName: null },
    prev: null,
    info: {
      fieldName,
      parentTypeName,
      variables: {},
      selectionSetList: ['id'],
      selectionSetGraphQL: '{\n  id\n}',
    },
    stash: {},
    ...extra,
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A Lambda context with the given request id and 30 s left. */
export function lambdaWithId(awsRequestId: string): LambdaContext {
  return { awsRequestId, getRemainingTimeInMillis: () => 30_000 };
}

/** A Lambda context with a fixed request id. */
export const lambda: LambdaContext = {
  awsRequestId: 'req-0001',
  getRemainingTimeInMillis: () => 30_000,
};

/** A fixture from fixtures/, parsed. */
export function fixture<T = unknown>(name: string): T {
  return JSON.parse(
    readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8'),
  ) as T;
}

export interface LogCall {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  attributes: Record<string, unknown> | undefined;
}

/** A logger that records its calls, so tests can check what reached the logs. */
export function recordingLogger(): Logger & { calls: LogCall[] } {
  const calls: LogCall[] = [];
  const at =
    (level: LogCall['level']) =>
    (message: string, attributes?: Record<string, unknown>): void => {
      calls.push({ level, message, attributes });
    };
  return { calls, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** What an Invoke rejected with, as AppSync reads it (the name and message of the error). */
export async function rejection(
  promise: Promise<unknown>,
): Promise<{ errorType: string; errorMessage: string }> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof Error)) throw new Error(`rejected with a non-Error: ${String(error)}`);
    return { errorType: error.name, errorMessage: error.message };
  }
  throw new Error('expected a rejection, but the promise resolved');
}
