export {
  type CheckFinding,
  type CheckOptions,
  type CheckReport,
  type CheckRoute,
  type CheckRule,
  type CheckSeverity,
  checkRoutes,
} from './check.js';
export {
  DEFAULT_DOCUMENT_SCALARS,
  type DocumentFile,
  type DocumentProblem,
  generateDocuments,
  InvalidDocumentError,
} from './documents.js';
export {
  type CodegenOptions,
  DEFAULT_SCALARS,
  generateTypes,
  type ScalarMapping,
} from './generate.js';
export { plugin } from './plugin.js';
