// GraphQL Yoga's entry, re-exported from JavaScript: Yoga's own type declarations do not compile
// under this repository's tsconfig.json (skipLibCheck off: they need the esnext.disposable lib and
// the DOM's URLPattern, and its lru-cache's iterators conflict with exactOptionalPropertyTypes), so
// yoga.ts imports Yoga through this module and the declaration beside it. Bundlers read this file
// as they would read the import in yoga.ts: the same ES module build of graphql-yoga.
export { createYoga } from 'graphql-yoga';
