// $util in a VTL template: AWS AppSync "Utility helpers in $util" and "Time helpers in
// $util.time" (whose examples are rendered at 2018-02-06T19:01:35.749Z, our NOW).
import { describe, expect, it } from 'vitest';
import type { AuthMode } from '../../../src/engine/appsync-js/util.js';
import { context, NOW, render, response } from './vtl-helpers.js';

describe('JSON', () => {
  it('$util.toJson writes any value as JSON; a missing one as null', () => {
    const ctx = context({ arguments: { s: 'a "quoted" é', list: [1, { b: null }] } });
    expect(
      response(
        '[$util.toJson($ctx.args.s), $util.toJson($ctx.args.list), $util.toJson($ctx.args.nope), $util.toJson(1.5), $util.toJson(true)]',
        { ctx },
      ),
    ).toEqual(['a "quoted" é', [1, { b: null }], null, 1.5, true]);
  });

  it('$util.parseJson reads "stringified" JSON into values the template can use', () => {
    const ctx = context({ result: { body: '{"items":[{"id":"a"},{"id":"b"}],"n":2}' } });
    const template = `#set($body = $util.parseJson($ctx.result.body))
{ "first": "$body.items[0].id", "count": $body.items.size(), "n": $body.n }`;
    expect(response(template, { ctx })).toEqual({ first: 'a', count: 2, n: 2 });
  });
});

describe('$util.qr and $util.quiet', () => {
  it('run a statement and render nothing', () => {
    const template = `#set($m = {})
$util.qr($m.put("id", "first value"))$util.quiet($m.put("other", 2))
$util.toJson($m)`;
    expect(response(template)).toEqual({ id: 'first value', other: 2 });
  });
});

describe('$util.time', () => {
  const at = (expression: string): unknown => response(`$util.toJson(${expression})`);

  it('now… reads the clock of the call', () => {
    expect(at('$util.time.nowISO8601()')).toBe('2018-02-06T19:01:35.749Z');
    expect(at('$util.time.nowEpochSeconds()')).toBe(1517943695);
    expect(at('$util.time.nowEpochMilliSeconds()')).toBe(NOW);
  });

  it('nowFormatted with a fixed now, in UTC, at an offset and in a named zone', () => {
    expect(at('$util.time.nowFormatted("yyyy-MM-dd HH:mm:ssZ")')).toBe('2018-02-06 19:01:35+0000');
    expect(at('$util.time.nowFormatted("yyyy-MM-dd HH:mm:ssZ", "+08:00")')).toBe(
      '2018-02-07 03:01:35+0800',
    );
    expect(at('$util.time.nowFormatted("yyyy-MM-dd HH:mm:ssZ", "Australia/Perth")')).toBe(
      '2018-02-07 03:01:35+0800',
    );
    expect(at(`$util.time.nowFormatted("EEEE d MMMM yyyy 'at' h:mm a")`)).toBe(
      'Tuesday 6 February 2018 at 7:01 PM',
    );
  });

  it('parses and converts epoch milliseconds', () => {
    expect(
      at(
        '$util.time.parseFormattedToEpochMilliSeconds("2018-02-01 17:21:05.000+0000", "yyyy-MM-dd HH:mm:ss.SSSZ")',
      ),
    ).toBe(1517505665000);
    expect(at('$util.time.parseISO8601ToEpochMilliSeconds("2018-02-01T17:21:05.000+08:00")')).toBe(
      1517476865000,
    );
    expect(at('$util.time.epochMilliSecondsToSeconds(1517943695758)')).toBe(1517943695);
    expect(at('$util.time.epochMilliSecondsToISO8601(1517943695758)')).toBe(
      '2018-02-06T19:01:35.758Z',
    );
    expect(
      at(
        '$util.time.epochMilliSecondsToFormatted(1517943695758, "yyyy-MM-dd HH:mm:ssZ", "+08:00")',
      ),
    ).toBe('2018-02-07 03:01:35+0800');
  });

  it('a pattern letter it does not know fails the template, naming it', () => {
    const outcome = render('response', '$util.time.nowFormatted("QQQ")');
    expect(outcome).toMatchObject({ kind: 'error', error: { errorType: 'MappingTemplate' } });
    expect(outcome.kind === 'error' && outcome.error.message).toContain("pattern letter 'Q'");
  });
});

describe('strings, numbers and types', () => {
  it('$util.str.*', () => {
    expect(
      response(
        '["$util.str.toUpper("abc")", "$util.str.toLower("ABC")", "$util.str.toReplace("a-b-c", "-", "+")", "$util.str.normalize("e\u0301", "nfc")"]',
      ),
    ).toEqual(['ABC', 'abc', 'a+b+c', 'é']);
  });

  it('$util.math.*', () => {
    const template = `#set($r = $util.math.randomWithinRange(1, 3))
{ "round": $util.math.roundNum(2.5), "min": $util.math.minVal(1, 2), "max": $util.math.maxVal(1, 2),
  "inRange": #if($r >= 1 && $r <= 3)true#else false#end, "double": #if($util.math.randomDouble() < 1)true#else false#end }`;
    expect(response(template)).toEqual({ round: 3, min: 1, max: 2, inRange: true, double: true });
  });

  it('the isNull family and defaultIfNull*', () => {
    const ctx = context({ arguments: { blank: '  ', empty: '', text: 'x', nothing: null } });
    const template = `{
  "isNull": [$util.isNull($ctx.args.nothing), $util.isNull($ctx.args.missing), $util.isNull($ctx.args.empty)],
  "isNullOrEmpty": [$util.isNullOrEmpty($ctx.args.empty), $util.isNullOrEmpty($ctx.args.blank)],
  "isNullOrBlank": [$util.isNullOrBlank($ctx.args.blank), $util.isNullOrBlank($ctx.args.text)],
  "defaults": ["$util.defaultIfNull($ctx.args.nothing, "d")", "$util.defaultIfNullOrEmpty($ctx.args.empty, "e")",
    "$util.defaultIfNullOrBlank($ctx.args.blank, "b")", "$util.defaultIfNullOrBlank($ctx.args.text, "b")"]
}`;
    expect(response(template, { ctx })).toEqual({
      isNull: [true, true, false],
      isNullOrEmpty: [true, false],
      isNullOrBlank: [true, false],
      defaults: ['d', 'e', 'b', 'x'],
    });
  });

  it('isString/isNumber/isBoolean/isList/isMap and typeOf', () => {
    const ctx = context({ arguments: { s: 'a', n: 1, b: true, l: [], m: {}, z: null } });
    const template = `{
  "is": [$util.isString($ctx.args.s), $util.isNumber($ctx.args.n), $util.isBoolean($ctx.args.b),
    $util.isList($ctx.args.l), $util.isMap($ctx.args.m), $util.isString($ctx.args.n)],
  "typeOf": ["$util.typeOf($ctx.args.s)", "$util.typeOf($ctx.args.n)", "$util.typeOf($ctx.args.b)",
    "$util.typeOf($ctx.args.l)", "$util.typeOf($ctx.args.m)", "$util.typeOf($ctx.args.z)"]
}`;
    expect(response(template, { ctx })).toEqual({
      is: [true, true, true, true, true, false],
      typeOf: ['String', 'Number', 'Boolean', 'List', 'Map', 'Null'],
    });
  });

  it("$util.matches matches the whole string, as Java's Pattern.matches", () => {
    expect(response('[$util.matches("a*b", "aaaaab"), $util.matches("a*", "aab")]')).toEqual([
      true,
      false,
    ]);
  });
});

describe('encodings and IDs', () => {
  it('base64, URL and JavaScript escaping', () => {
    const template = `{
  "b64": "$util.base64Encode("héllo")",
  "plain": "$util.base64Decode("aMOpbGxv")",
  "url": "$util.urlEncode("a b&c")",
  "decoded": "$util.urlDecode("a+b%26c")",
  "js": $util.toJson($util.escapeJavaScript("a'b/é"))
}`;
    expect(response(template)).toEqual({
      b64: 'aMOpbGxv',
      plain: 'héllo',
      url: 'a+b%26c',
      decoded: 'a b&c',
      js: "a\\'b\\/\\u00E9",
    });
  });

  it('$util.autoId, autoUlid and autoKsuid', () => {
    const value = response(
      '["$util.autoId()", "$util.autoUlid()", "$util.autoKsuid()"]',
    ) as string[];
    expect(value[0]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(value[1]).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(value[2]).toMatch(/^[0-9A-Za-z]{27}$/);
  });
});

describe('the request', () => {
  it("$util.authType names the request's authorization mode", () => {
    const modes: [AuthMode, string][] = [
      ['API_KEY', 'API Key Authorization'],
      ['AWS_IAM', 'IAM Authorization'],
      ['AMAZON_COGNITO_USER_POOLS', 'User Pool Authorization'],
      ['OPENID_CONNECT', 'Open ID Connect Authorization'],
      ['AWS_LAMBDA', 'Lambda Authorization'],
    ];
    for (const [authType, text] of modes) {
      expect(response('"$util.authType()"', { authType })).toBe(text);
    }
  });

  it('$util.log.* render nothing and are the logs; $extensions calls are recorded in order', () => {
    const outcome = render(
      'response',
      `$util.log.info("seen {} of {}", $ctx.args.id, { "a": [1] })$util.log.debug($ctx.args)$util.log.error("bad {} {}", 1)
$extensions.evictFromApiCache("Query", "getPost", { "context.arguments.id": $util.toJson($ctx.args.id) })
$extensions.setSubscriptionFilter({ "filterGroup": [] })
"done"`,
    );
    expect(outcome).toEqual({
      kind: 'value',
      value: 'done',
      appended: [],
      extensions: [
        {
          name: 'evictFromApiCache',
          args: ['Query', 'getPost', { 'context.arguments.id': '"postId1"' }],
        },
        { name: 'setSubscriptionFilter', args: [{ filterGroup: [] }] },
      ],
      logs: ['INFO seen postId1 of {a=[1]}', 'DEBUG {id=postId1}', 'ERROR bad 1 {}'],
    });
  });

  it('$utils is $util', () => {
    expect(response('#if($utils == $util)true#else false#end')).toBe(true);
  });
});
