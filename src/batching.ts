/**
 * One rule about deploying a route, read by `appsync-direct manifest`, `appsync-direct check` and
 * the CDK construct alike: a batch resolver deployed without `maxBatchSize` (or with 0) is never
 * batched. AppSync sends BatchInvoke only to a field whose resolver has a `maxBatchSize` above 0
 * (PROTOCOL.md §1); without one it calls the function once per parent, with an Invoke, and the
 * batch resolver sees batches of one. Root fields are left out: their parent is the operation, so
 * a batch of them holds one context whatever the setting (`check` says so on its own).
 */

/** What the rule reads of a route: `app.routes()` entries and manifest routes fit. */
export interface BatchedRoute {
  readonly typeName: string;
  readonly fieldName: string;
  readonly kind?: 'resolver' | 'batch' | undefined;
  readonly maxBatchSize?: number | undefined;
}

/** The root operation types when a schema does not name them (GraphQL's defaults). */
export const DEFAULT_ROOT_TYPES: ReadonlySet<string> = new Set([
  'Query',
  'Mutation',
  'Subscription',
]);

/** Whether AppSync would never batch this batch route (it is on a field below the root types). */
export function isNeverBatched(
  route: BatchedRoute,
  rootTypes: ReadonlySet<string> = DEFAULT_ROOT_TYPES,
): boolean {
  return (
    route.kind === 'batch' &&
    (route.maxBatchSize === undefined || route.maxBatchSize === 0) &&
    !rootTypes.has(route.typeName)
  );
}

/** The warning for a route {@link isNeverBatched} finds, the same wherever it is printed. */
export function neverBatchedMessage(route: BatchedRoute): string {
  const key = `${route.typeName}.${route.fieldName}`;
  const setting = route.maxBatchSize === 0 ? 'with maxBatchSize 0' : 'without maxBatchSize';
  return `${key} is a batchResolver ${setting}, so AppSync never batches it: it sends one Invoke per ${route.typeName}. Give it { maxBatchSize } from 1 to 2000 in app.batchResolver('${key}', …)`;
}
