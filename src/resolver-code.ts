/**
 * The declaration of the code AppSync runs in front of a field's Lambda (types only): an
 * APPSYNC_JS module, VTL mapping templates, or a pipeline. A route option of `app.resolver()` and
 * `app.batchResolver()`, carried by `app.routes()`; the handler never runs it. The local AppSync,
 * `check`, `manifest` and the CDK construct read it (see docs/resolver-code.md).
 */

/**
 * A module's or template's path (or `file:` URL), or its source text: a string without a line
 * break ending in `.js`, `.mjs`, `.cjs`, `.ts`, `.mts`, `.cts`, `.vtl` or `.txt` is a path.
 */
export type CodeReference = string;

/** Where a pipeline function's request goes. */
export type PipelineDataSource = 'LAMBDA' | 'NONE';

/** One function of a pipeline resolver. */
export interface PipelineFunctionDeclaration {
  /** The function's name: unique within the API, letters, digits and `_` (AppSync's rule). */
  name: string;
  /**
   * An APPSYNC_JS module exporting `request` and `response`. A `LAMBDA` function with neither code
   * nor a request template is a Direct Lambda function: the Lambda gets the Direct Lambda context.
   */
  code?: CodeReference | undefined;
  /** VTL request mapping template (the `version` it declares picks the response behaviour). */
  requestTemplate?: CodeReference | undefined;
  /** VTL response mapping template. */
  responseTemplate?: CodeReference | undefined;
  /** `LAMBDA`: the app's function; `NONE`: no call, the request's result is the function's. */
  dataSource: PipelineDataSource;
  /** For a `LAMBDA` function: the largest BatchInvoke (0–2000). Default: 5 with `BatchInvoke`. */
  maxBatchSize?: number | undefined;
}

/** A pipeline resolver: `before` → functions in order → `after`. */
export interface PipelineDeclaration {
  /** An APPSYNC_JS module whose `request` runs before the functions and `response` after. */
  code?: CodeReference | undefined;
  /** 1 to 10 functions (AppSync's limit). */
  functions: readonly PipelineFunctionDeclaration[];
}

/** The code in front of one field's Lambda; at most one of `code`, templates, or `pipeline`. */
export interface FieldCodeDeclaration {
  /** An APPSYNC_JS module exporting `request` and `response`: a unit resolver on the Lambda. */
  code?: CodeReference | undefined;
  /** VTL request mapping template; alone, Direct Lambda's response logic follows it. */
  requestTemplate?: CodeReference | undefined;
  /** VTL response mapping template; alone, the Lambda gets Direct Lambda's context. */
  responseTemplate?: CodeReference | undefined;
  /** A pipeline resolver. */
  pipeline?: PipelineDeclaration | undefined;
}
