// The templates of the AWS AppSync "Resolver mapping template reference for Lambda" (and its
// "Using AWS Lambda resolvers" tutorial), rendered as AppSync renders them. PROTOCOL.md §3.1, §4.1.
import { describe, expect, it } from 'vitest';
import { context, render, valueIn } from './vtl-helpers.js';

const INVOKE_2018 = `{
  "version": "2018-05-29",
  "operation": "Invoke",
  "payload": {
    "field": "getPost",
    "arguments": $util.toJson($context.arguments)
  }
}`;

const INVOKE_2017 = `{
  "version": "2017-02-28",
  "operation": "Invoke",
  "payload": $util.toJson($ctx.args)
}`;

const BATCH_INVOKE = `{
    "version": "2017-02-28",
    "operation": "BatchInvoke",
    "payload": {
        "field": "relatedPosts",
        "source":  $utils.toJson($context.source)
    }
}`;

/** "Direct Lambda response mapping template": a 2018-05-29 request, or none. */
const DIRECT_RESPONSE = `#if($ctx.error)
     $util.error($ctx.error.message, $ctx.error.type, $ctx.result)
 #end
 $util.toJson($ctx.result)`;

/** "Direct Lambda Resolvers: Batching enabled → Response mapping template". */
const BATCH_RESPONSE = `#if( $context.result && $context.result.errorMessage )
      $utils.error($context.result.errorMessage, $context.result.errorType,
      $context.result.data)
#else
      $utils.toJson($context.result.data)
#end`;

const ERROR_RESPONSE = `#if($ctx.error) $util.error($ctx.error.message, $ctx.error.type) #end $util.toJson($ctx.result)`;

describe('request mapping templates', () => {
  it('Invoke (2018-05-29): the whole mapping document, payload with the arguments', () => {
    const outcome = render('request', INVOKE_2018);
    expect(outcome).toEqual({
      kind: 'value',
      value: {
        version: '2018-05-29',
        operation: 'Invoke',
        payload: { field: 'getPost', arguments: { id: 'postId1' } },
      },
      appended: [],
      extensions: [],
      logs: [],
    });
  });

  it('Invoke (2017-02-28) with $util.toJson($ctx.args): the version is left for the engine to read', () => {
    const ctx = context({ arguments: { id: '1', tags: ['a', 'b'], limit: 10, draft: false } });
    expect(valueIn(render('request', INVOKE_2017, { ctx }))).toEqual({
      version: '2017-02-28',
      operation: 'Invoke',
      payload: { id: '1', tags: ['a', 'b'], limit: 10, draft: false },
    });
  });

  it('BatchInvoke with $utils.toJson($context.source): one payload per item, $utils being $util', () => {
    const ctx = context({ source: { id: 1 } });
    expect(valueIn(render('request', BATCH_INVOKE, { ctx }))).toEqual({
      version: '2017-02-28',
      operation: 'BatchInvoke',
      payload: { field: 'relatedPosts', source: { id: 1 } },
    });
    // A root field's source is null, and renders as JSON null.
    expect(valueIn(render('request', BATCH_INVOKE))).toMatchObject({
      payload: { source: null },
    });
  });

  it('invocationType: Event is part of the document', () => {
    const template = `{ "version": "2018-05-29", "operation": "Invoke", "invocationType": "Event",
      "payload": { "arguments": $util.toJson($context.arguments) } }`;
    expect(valueIn(render('request', template))).toMatchObject({ invocationType: 'Event' });
  });

  it("the reference's own Event example, a comma short, is not JSON: a MappingTemplate error", () => {
    const template = `{
  "version": "2018-05-29",
  "operation": "Invoke",
  "invocationType": "Event"
  "payload": {
    "arguments": $util.toJson($context.arguments)
  }
}`;
    const outcome = render('request', template);
    expect(outcome.kind).toBe('error');
    if (outcome.kind !== 'error') return;
    expect(outcome.error.errorType).toBe('MappingTemplate');
    expect(outcome.error.message).toMatch(
      /^Query\.getPost \(request\): Unable to parse the JSON document: '.+'/,
    );
  });
});

describe('response mapping templates', () => {
  it('$util.toJson($context.result) forwards the result', () => {
    const ctx = context({ result: { id: '1', title: 'First book', ups: 100 } });
    expect(valueIn(render('response', '$util.toJson($context.result)', { ctx }))).toEqual({
      id: '1',
      title: 'First book',
      ups: 100,
    });
  });

  it('the Direct Lambda 2018-05-29 template: the result, or the error raised with the result as data', () => {
    const ok = context({ result: { id: '1' } });
    expect(valueIn(render('response', DIRECT_RESPONSE, { ctx: ok }))).toEqual({ id: '1' });

    const failed = context({
      result: null,
      error: { message: 'I fail. Always.', type: 'Lambda:Unhandled' },
    });
    expect(render('response', DIRECT_RESPONSE, { ctx: failed })).toEqual({
      kind: 'error',
      error: { message: 'I fail. Always.', errorType: 'Lambda:Unhandled', data: null },
      appended: [],
      extensions: [],
      logs: [],
    });
  });

  it('#if($ctx.error) $util.error($ctx.error.message, $ctx.error.type) #end $util.toJson($ctx.result)', () => {
    const failed = context({
      error: { message: 'Execution timed out.', type: 'Lambda:Unhandled' },
    });
    expect(render('response', ERROR_RESPONSE, { ctx: failed })).toMatchObject({
      kind: 'error',
      error: { message: 'Execution timed out.', errorType: 'Lambda:Unhandled' },
    });
    expect(
      valueIn(render('response', ERROR_RESPONSE, { ctx: context({ result: [1, 2] }) })),
    ).toEqual([1, 2]);
  });

  describe('the batch per-item template (PROTOCOL.md §3.1)', () => {
    const item = (result: unknown) =>
      render('response', BATCH_RESPONSE, { ctx: context({ result }) });

    it('{ data } resolves to data', () => {
      expect(valueIn(item({ data: { id: '4', title: 'Fourth book' } }))).toEqual({
        id: '4',
        title: 'Fourth book',
      });
    });

    it('{ data: null, errorMessage, errorType } raises the error, data and all', () => {
      expect(item({ data: null, errorMessage: 'Not found', errorType: 'ERROR' })).toEqual({
        kind: 'error',
        error: { message: 'Not found', errorType: 'ERROR', data: null },
        appended: [],
        extensions: [],
        logs: [],
      });
      expect(item({ data: { partial: true }, errorMessage: 'Partial' })).toMatchObject({
        kind: 'error',
        error: { message: 'Partial', data: { partial: true } },
      });
    });

    it('a null item, or one without data, resolves to null', () => {
      expect(valueIn(item(null))).toBeNull();
      expect(valueIn(item({}))).toBeNull();
      expect(valueIn(item({ errorMessage: '' }))).toBeNull();
    });
  });
});
