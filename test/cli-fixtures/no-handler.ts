/** A module with neither a handler, an app nor a default export. */
export const answer = 42;

export function helper(): string {
  return 'not a handler';
}
