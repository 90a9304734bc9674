// The VTL runner's contract (src/engine/code/handlers.ts) and AppSync's Velocity: the context,
// the stash, #return, errors, and what is not JSON. Sources: AWS AppSync "Resolver mapping template
// context reference", "AWS AppSync directives" (#return), "Utility helpers in $util".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HandlerOutcome } from '../../../src/engine/code/handlers.js';
import { compileVtl } from '../../../src/engine/vtl/index.js';
import { loadVelocity } from '../../../src/engine/vtl/velocity.js';
import { context, NOW, render, response, valueIn } from './vtl-helpers.js';

function errorOf(outcome: HandlerOutcome) {
  if (outcome.kind !== 'error')
    throw new Error(`expected an error, got ${JSON.stringify(outcome)}`);
  return outcome.error;
}

describe('compileVtl', () => {
  it('is VTL, names its templates, and has a handler only for each template given', () => {
    const request = { text: '{}', name: '/app/getPost.req.vtl', resolveDir: '/app' };
    const responseTemplate = { text: '{}', name: '/app/getPost.res.vtl', resolveDir: '/app' };
    const both = compileVtl({ request, response: responseTemplate });
    expect(both.language).toBe('VTL');
    expect(both.name).toBe('/app/getPost.req.vtl, /app/getPost.res.vtl');
    expect(typeof both.request).toBe('function');
    expect(typeof both.response).toBe('function');

    const onlyResponse = compileVtl({ response: responseTemplate });
    expect(onlyResponse.request).toBeUndefined();
    expect(onlyResponse.name).toBe('/app/getPost.res.vtl');
    expect(compileVtl({}).request).toBeUndefined();
  });

  it('without velocityjs, says how to install it', () => {
    const missing = (id: string): never => {
      throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
    };
    expect(() => loadVelocity('/app/getPost.req.vtl', missing)).toThrow(TypeError);
    expect(() => loadVelocity('/app/getPost.req.vtl', missing)).toThrow(/npm i -D velocityjs/);
    // Any other failure to load it is not hidden.
    const broken = (): never => {
      throw new SyntaxError('broken');
    };
    expect(() => loadVelocity('x', broken)).toThrow('broken');
  });
});

describe('the context', () => {
  it('$context and $ctx are the same object; args is arguments', () => {
    const template = `#set($ctx.args.added = "yes")
{ "same": $util.toJson($context.arguments), "viaArgs": "$context.args.added" }`;
    expect(response(template)).toEqual({
      same: { id: 'postId1', added: 'yes' },
      viaArgs: 'yes',
    });
  });

  it('reads identity, source, prev.result, info and request', () => {
    const ctx = context({
      identity: { sub: 'u1', username: 'ada', groups: ['admins'] },
      source: { id: 'p1' },
      prev: { result: { step: 1 } },
      request: { headers: { host: 'example.com' }, domainName: 'api.example.com' },
    });
    const template = `{
  "sub": "$ctx.identity.sub",
  "group": "$ctx.identity.groups[0]",
  "source": "$ctx.source.id",
  "prev": $util.toJson($ctx.prev.result),
  "field": "$ctx.info.parentTypeName.$ctx.info.fieldName",
  "selection": $util.toJson($ctx.info.selectionSetList),
  "host": "$ctx.request.headers.host",
  "domain": "$ctx.request.domainName"
}`;
    expect(response(template, { ctx })).toEqual({
      sub: 'u1',
      group: 'admins',
      source: 'p1',
      prev: { step: 1 },
      field: 'Query.getPost',
      selection: ['id', 'title'],
      host: 'example.com',
      domain: 'api.example.com',
    });
  });

  it('$ctx.error.message and $ctx.error.type', () => {
    const ctx = context({ error: { message: 'boom', type: 'Lambda:Unhandled' } });
    expect(response('"$ctx.error.type: $ctx.error.message"', { ctx })).toBe(
      'Lambda:Unhandled: boom',
    );
  });

  it("a template changes a copy: the caller's context keeps all but the stash", () => {
    const ctx = context({ source: { id: 'p1' }, result: { n: 1 } });
    const before = structuredClone(ctx);
    response(
      `$util.qr($ctx.source.put("id", "changed"))$util.qr($ctx.result.put("n", 2))#set($ctx.args.id = "x") 1`,
      { ctx },
    );
    expect(ctx).toEqual(before);
  });
});

describe('the stash', () => {
  it('keeps what one render puts for the next render with the same ctx', () => {
    const ctx = context();
    const request = compileVtl({
      request: {
        text: `$util.qr($ctx.stash.put("startedAt", $util.time.nowEpochMilliSeconds()))
#set($ctx.stash.user = { "id": "u1" })
{ "version": "2018-05-29", "operation": "Invoke", "payload": {} }`,
        name: 'req',
        resolveDir: '.',
      },
    }).request;
    const responseHandler = compileVtl({
      response: {
        text: '{ "startedAt": $ctx.stash.get("startedAt"), "user": $util.toJson($ctx.stash.user) }',
        name: 'res',
        resolveDir: '.',
      },
    }).response;
    const stash = ctx.stash;
    request?.({ ctx, authType: 'API_KEY', now: () => NOW });
    expect(ctx.stash).toBe(stash);
    expect(ctx.stash).toEqual({ startedAt: NOW, user: { id: 'u1' } });
    const outcome = responseHandler?.({ ctx, authType: 'API_KEY' });
    expect(outcome && valueIn(outcome)).toEqual({ startedAt: NOW, user: { id: 'u1' } });
  });

  it('a stash replaced by a value that is not a map leaves an empty stash', () => {
    const ctx = context({ stash: { a: 1 } });
    render('response', '#set($ctx.stash = "gone") 1', { ctx });
    expect(ctx.stash).toEqual({});
  });

  it("a stash JSON cannot hold is a MappingTemplate error, and the caller's stash is kept", () => {
    const ctx = context({ stash: { a: 1 } });
    const error = errorOf(
      render('response', '$util.qr($ctx.stash.put("self", $ctx.stash)) 1', { ctx }),
    );
    expect(error.errorType).toBe('MappingTemplate');
    expect(error.message).toMatch(/^Query\.getPost \(response\): \$ctx\.stash cannot be kept/);
    expect(ctx.stash).toEqual({ a: 1 });
  });

  it('keeps removals, and what was written before an error or a #return', () => {
    const ctx = context({ stash: { old: 1, keep: 2 } });
    render('response', '$util.qr($ctx.stash.remove("old")) 1', { ctx });
    expect(ctx.stash).toEqual({ keep: 2 });
    render('response', '$util.qr($ctx.stash.put("a", 1))$util.error("stop")', { ctx });
    expect(ctx.stash).toEqual({ keep: 2, a: 1 });
    render('request', '$util.qr($ctx.stash.put("b", 2))#return', { ctx });
    expect(ctx.stash).toEqual({ keep: 2, a: 1, b: 2 });
  });
});

describe('#return', () => {
  it('#return(value) stops the template with the value', () => {
    const outcome = render(
      'request',
      `#if($ctx.args.id == "postId1")
  #return({ "id": $ctx.args.id, "cached": true })
#end
{ "never": "rendered" }`,
    );
    expect(outcome).toEqual({
      kind: 'return',
      value: { id: 'postId1', cached: true },
      appended: [],
      extensions: [],
      logs: [],
    });
  });

  it('#return alone returns null, in a #foreach too', () => {
    expect(render('response', 'before #return after')).toMatchObject({
      kind: 'return',
      value: null,
    });
    expect(
      render('response', '#foreach($i in [1, 2, 3])#if($i == 2)#return($i)#end#end'),
    ).toMatchObject({ kind: 'return', value: 2 });
    expect(render('response', '#return( )')).toMatchObject({ kind: 'return', value: null });
    expect(render('response', '#return ({ "spaced" : [ 1 ] })')).toMatchObject({
      kind: 'return',
      value: { spaced: [1] },
    });
    // A word that only begins with "return" is not the directive.
    expect(response('#set($returned = 1) $returned')).toBe(1);
  });

  it('keeps the errors appended before it', () => {
    expect(render('response', '$util.appendError("first")#return([1])')).toEqual({
      kind: 'return',
      value: [1],
      appended: [{ message: 'first' }],
      extensions: [],
      logs: [],
    });
  });
});

describe('errors', () => {
  it('$util.error stops the template with message, type, data and errorInfo', () => {
    const outcome = render(
      'request',
      '$util.error("Not found", "NotFound", { "id": $util.toJson($ctx.args.id) }, { "retry": false }) { "x": 1 }',
    );
    expect(errorOf(outcome)).toEqual({
      message: 'Not found',
      errorType: 'NotFound',
      data: { id: '"postId1"' },
      errorInfo: { retry: false },
    });
    expect(errorOf(render('response', '$util.error("plain")'))).toEqual({ message: 'plain' });
  });

  it('$util.appendError records errors and the template goes on', () => {
    const outcome = render(
      'response',
      `$util.appendError("first")
$util.appendError("second", "Warning", { "partial": true }, { "code": 7 })
{ "id": "1" }`,
    );
    expect(outcome).toEqual({
      kind: 'value',
      value: { id: '1' },
      appended: [
        { message: 'first' },
        {
          message: 'second',
          errorType: 'Warning',
          data: { partial: true },
          errorInfo: { code: 7 },
        },
      ],
      extensions: [],
      logs: [],
    });
  });

  it('$util.unauthorized names the field', () => {
    expect(errorOf(render('request', '$util.unauthorized()'))).toEqual({
      message: 'Not Authorized to access getPost on type Query',
      errorType: 'Unauthorized',
    });
  });

  it('$util.validate throws only when the condition is false', () => {
    expect(response('$util.validate(true, "never") { "ok": true }')).toEqual({ ok: true });
    expect(
      errorOf(render('response', '$util.validate(false, "Bad input", "ValidationError", [1])')),
    ).toEqual({
      message: 'Bad input',
      errorType: 'ValidationError',
      data: [1],
    });
    expect(errorOf(render('response', '$util.validate($ctx.args.limit, "limit")'))).toEqual({
      message: 'limit',
    });
  });

  it('an unimplemented $util name fails, naming it, and is never rendered as text', () => {
    const outcome = render('request', '{ "key": $util.dynamodb.toDynamoDBJson($ctx.args.id) }');
    const error = errorOf(outcome);
    expect(error.errorType).toBe('MappingTemplate');
    expect(error.message).toContain(
      '$util.dynamodb.toDynamoDBJson is not implemented by the local AppSync',
    );
    expect(error.message).toContain('line 1, column 10');
    for (const name of ['$util.transform.toDynamoDBFilterExpression', '$util.rds.toJsonObject']) {
      const message = errorOf(render('response', `${name}($ctx.args)`)).message;
      expect(message).toContain(`${name} is not implemented`);
    }
    // A namespace the local AppSync lacks is named as soon as it is read.
    expect(errorOf(render('response', '$utils.list.copyAndRetainAll([1], [1])')).message).toContain(
      '$util.list is not implemented by the local AppSync',
    );
    expect(errorOf(render('response', '"$util.nope"')).message).toContain(
      '$util.nope is not implemented by the local AppSync',
    );
  });

  it('a Java method the local AppSync does not have fails, naming it', () => {
    const error = errorOf(render('response', '"$ctx.args.id.capitalize()"'));
    expect(error.errorType).toBe('MappingTemplate');
    expect(error.message).toMatch(
      /^Query\.getPost \(response\): String\.capitalize\(\) with 0 arguments is not a Java method/,
    );
  });

  it('a template that does not parse is a MappingTemplate error when it runs', () => {
    const handlers = compileVtl({ request: { text: '#if(', name: 'bad.vtl', resolveDir: '.' } });
    const error = errorOf(
      handlers.request?.({ ctx: context(), authType: 'API_KEY' }) as HandlerOutcome,
    );
    expect(error.errorType).toBe('MappingTemplate');
    expect(error.message).toMatch(/line 1/);
    expect(error.message).toContain('bad.vtl');
  });

  it('a runtime failure of a helper is a MappingTemplate error', () => {
    const error = errorOf(render('response', '$util.parseJson("{nope")'));
    expect(error.errorType).toBe('MappingTemplate');
    expect(error.message).toContain('$util.parseJson');
    expect(errorOf(render('response', '$util.parseJson(1)')).message).toContain(
      '$util.parseJson: expected a String; received number',
    );
    expect(errorOf(render('response', '$util.log()')).message).toContain('log is not a method');
  });
});

describe('what is not JSON', () => {
  it('a request that renders no JSON: "Unable to parse the JSON document"', () => {
    const error = errorOf(render('request', '{ "version": "2018-05-29", operation: Invoke }'));
    expect(error.errorType).toBe('MappingTemplate');
    expect(error.message).toMatch(
      /^Query\.getPost \(request\): Unable to parse the JSON document: '.+'$/,
    );
  });

  it('a request that renders nothing: "Template transformation yielded an empty response."', () => {
    expect(errorOf(render('request', '## only a comment\n#set($x = 1)\n  '))).toEqual({
      message: 'Query.getPost (request): Template transformation yielded an empty response.',
      errorType: 'MappingTemplate',
    });
  });

  it('a response that renders no JSON: "Unable to convert … to Object."', () => {
    const error = errorOf(
      render('response', '# a comment with one pound sign\n$util.toJson($ctx.args)'),
    );
    expect(error.errorType).toBe('MappingTemplate');
    expect(error.message).toMatch(
      /^Query\.getPost \(response\): Unable to convert # a comment with one pound sign/,
    );
    expect(error.message).toContain('to Object.');
  });

  it('a response that renders only white space is null', () => {
    expect(render('response', '  \n #set($x = 1)\n')).toMatchObject({ kind: 'value', value: null });
  });

  it('a response may be any JSON value', () => {
    expect(response('"text"')).toBe('text');
    expect(response('42')).toBe(42);
    expect(response('false')).toBe(false);
    expect(response('null')).toBeNull();
  });
});

describe('properties', () => {
  const json = fc.jsonValue({ maxDepth: 3 });

  it('$util.toJson of any arguments renders them back (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json, { maxKeys: 5 }), (args) => {
        const value = response('$util.toJson($ctx.args)', { ctx: context({ arguments: args }) });
        expect(value).toEqual(JSON.parse(JSON.stringify(args)));
      }),
      { numRuns: 50 },
    );
  });

  it('a handler never throws, whatever the template (property)', () => {
    const token = fc.constantFrom(
      '#if(',
      '#elseif(',
      '#else',
      '#end',
      '#foreach(',
      ' in ',
      '#set(',
      '#return',
      '#return(',
      '$ctx',
      '$context',
      '$util',
      '$utils',
      '.args',
      '.stash',
      '.put(',
      '.get(',
      '.toJson(',
      '.error(',
      '.size()',
      '$x',
      '=',
      '==',
      '/',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      '"',
      "'",
      ',',
      ':',
      '1',
      '0',
      ' ',
      '\n',
      '##',
      '#*',
      '*#',
      'a',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 30 }), fc.boolean(), (tokens, asRequest) => {
        const outcome = render(asRequest ? 'request' : 'response', tokens.join(''));
        expect(['value', 'error', 'return']).toContain(outcome.kind);
      }),
      { numRuns: 300 },
    );
  });
});
