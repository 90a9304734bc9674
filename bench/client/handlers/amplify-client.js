// Amplify's entries, re-exported from JavaScript: aws-amplify's type declarations do not compile
// under this repository's tsconfig.json (skipLibCheck off: @aws-amplify/data-schema's
// CustomOperation.d.ts breaks under exactOptionalPropertyTypes), so amplify.ts imports Amplify
// through this module and the declaration beside it. Bundlers read this file as they would read
// the imports in amplify.ts: the same ES module builds of aws-amplify and aws-amplify/api.
export { Amplify } from 'aws-amplify';
export { generateClient } from 'aws-amplify/api';
