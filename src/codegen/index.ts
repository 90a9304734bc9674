export {
  type CodegenOptions,
  DEFAULT_SCALARS,
  generateTypes,
  type ScalarMapping,
} from './generate.js';
export { plugin } from './plugin.js';
