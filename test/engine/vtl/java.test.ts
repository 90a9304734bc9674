// AppSync's Velocity is Java's: templates call java.util.Map, java.util.List and java.lang.String
// methods on their values, and Velocity renders what those methods return ("Resolver mapping
// template programming guide"; the Java SE API for each method's behaviour).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  callJavaMethod,
  javaEquals,
  javaString,
  velocityEquals,
} from '../../../src/engine/vtl/java.js';
import { context, render, response } from './vtl-helpers.js';

describe('Map', () => {
  it('put, get, containsKey, size, isEmpty, remove, putAll, keySet, values, entrySet', () => {
    const template = `#set($m = {})
#set($wasEmpty = $m.isEmpty())
$util.qr($m.put("a", 1))
#set($previous = $m.put("a", 2))
$util.qr($m.putAll({ "b": [1], "c": "x" }))
#set($removed = $m.remove("c"))
{
  "wasEmpty": $wasEmpty,
  "previous": $previous,
  "removed": "$removed",
  "a": $m.get("a"),
  "has": [$m.containsKey("a"), $m.containsKey("c")],
  "size": $m.size(),
  "keys": $util.toJson($m.keySet()),
  "values": $util.toJson($m.values()),
  "entries": [#foreach($e in $m.entrySet())"$e.key=$e.getValue()"#if($foreach.hasNext),#end#end],
  "map": $util.toJson($m)
}`;
    expect(response(template)).toEqual({
      wasEmpty: true,
      previous: 1,
      removed: 'x',
      a: 2,
      has: [true, false],
      size: 2,
      keys: ['a', 'b'],
      values: [2, [1]],
      entries: ['a=2', 'b=[1]'],
      map: { a: 2, b: [1] },
    });
  });

  it("put returns the previous value: null, which Velocity renders as the reference's text", () => {
    expect(response(`"$ctx.stash.put('k', 1)"`)).toBe("$ctx.stash.put('k', 1)");
    expect(response(`"$!ctx.stash.put('k', 1)"`)).toBe('');
    // With $util.qr, nothing is rendered.
    expect(response(`"$util.qr($ctx.stash.put('k', 1))"`)).toBe('');
  });

  it('get of a missing key is null; getOrDefault, containsValue, putIfAbsent', () => {
    const template = `#set($m = { "a": { "deep": [1] } })
#set($missing = $m.get("zzz"))
$util.qr($m.putIfAbsent("a", "ignored"))
$util.qr($m.putIfAbsent("b", "set"))
{ "missing": $util.toJson($missing), "fallback": "$m.getOrDefault("zzz", "d")",
  "containsValue": $m.containsValue({ "deep": [1] }), "map": $util.toJson($m) }`;
    expect(response(template)).toEqual({
      missing: null,
      fallback: 'd',
      containsValue: true,
      map: { a: { deep: [1] }, b: 'set' },
    });
  });

  it('entry.setValue writes through to the map; clear empties it', () => {
    const template = `#set($m = { "a": 1, "b": 2 })
#foreach($e in $m.entrySet())#set($v = $e.value * 10)$util.qr($e.setValue($v))#end
#set($copy = {})
$util.qr($copy.putAll($m))
$util.qr($m.clear())
{ "copy": $util.toJson($copy), "cleared": $util.toJson($m) }`;
    expect(response(template)).toEqual({ copy: { a: 10, b: 20 }, cleared: {} });
  });

  it('a property reads the key, as Velocity reads a Map', () => {
    expect(response('"$ctx.args.id"')).toBe('postId1');
  });
});

describe('List', () => {
  it('add, get, size, isEmpty, contains, addAll, set, remove, indexOf, subList', () => {
    const template = `#set($l = [])
#set($wasEmpty = $l.isEmpty())
#set($added = $l.add("a"))
$util.qr($l.add("c"))
$util.qr($l.add(1, "b"))
$util.qr($l.addAll(["d", { "e": 1 }]))
#set($old = $l.set(0, "A"))
{
  "wasEmpty": $wasEmpty,
  "added": $added,
  "old": "$old",
  "first": "$l.get(0)",
  "size": $l.size(),
  "contains": [$l.contains("b"), $l.contains({ "e": 1 }), $l.contains("zzz")],
  "indexOf": [$l.indexOf("c"), $l.lastIndexOf("zzz")],
  "sub": $util.toJson($l.subList(1, 3)),
  "removedAt": "$l.remove(0)",
  "removed": $l.remove({ "e": 1 }),
  "list": $util.toJson($l)
}`;
    expect(response(template)).toEqual({
      wasEmpty: true,
      added: true,
      old: 'a',
      first: 'A',
      size: 5,
      contains: [true, true, false],
      indexOf: [2, -1],
      sub: ['b', 'c'],
      removedAt: 'A',
      removed: true,
      list: ['b', 'c', 'd'],
    });
  });

  it('add returns true, which Velocity renders', () => {
    expect(response('#set($l = [])[$l.add(1)]')).toEqual([true]);
  });

  it('get out of bounds fails as Java does, naming the call', () => {
    const outcome = render('response', '#set($l = [1])$l.get(3)');
    expect(outcome).toMatchObject({ kind: 'error', error: { errorType: 'MappingTemplate' } });
    expect(outcome.kind === 'error' && outcome.error.message).toContain(
      'List.get: index 3 is out of bounds for length 1',
    );
  });

  it('#foreach gives $foreach.hasNext, $foreach.count, $foreach.index and $velocityCount', () => {
    const ctx = context({ arguments: { ids: ['a', 'b', 'c'] } });
    const template = `[#foreach($id in $ctx.args.ids)
  { "id": "$id", "count": $foreach.count, "index": $foreach.index, "velocityCount": $velocityCount }#if($foreach.hasNext),#end
#end]`;
    expect(response(template, { ctx })).toEqual([
      { id: 'a', count: 1, index: 0, velocityCount: 1 },
      { id: 'b', count: 2, index: 1, velocityCount: 2 },
      { id: 'c', count: 3, index: 2, velocityCount: 3 },
    ]);
  });
});

describe('String', () => {
  it('length, isEmpty, contains, startsWith, endsWith, toUpperCase, toLowerCase, trim, equals', () => {
    const ctx = context({ arguments: { name: '  Ada Lovelace ', empty: '' } });
    const template = `#set($n = $ctx.args.name.trim())
{
  "length": $n.length(),
  "isEmpty": [$n.isEmpty(), $ctx.args.empty.isEmpty()],
  "contains": $n.contains("Love"),
  "startsWith": [$n.startsWith("Ada"), $n.startsWith("Love", 4)],
  "endsWith": $n.endsWith("lace"),
  "upper": "$n.toUpperCase()",
  "lower": "$n.toLowerCase()",
  "equals": [$n.equals("Ada Lovelace"), $n.equalsIgnoreCase("ADA LOVELACE"), $n.equals(1)]
}`;
    expect(response(template, { ctx })).toEqual({
      length: 12,
      isEmpty: [false, true],
      contains: true,
      startsWith: [true, true],
      endsWith: true,
      upper: 'ADA LOVELACE',
      lower: 'ada lovelace',
      equals: [true, true, false],
    });
  });

  it('replace (literal), replaceAll/replaceFirst (regular expressions, Java $n groups)', () => {
    const template = `{
  "replace": "$ctx.args.s.replace(".", "$")",
  "replaceAll": "$ctx.args.s.replaceAll("(\\w)\\.", "$1!")",
  "replaceFirst": "$ctx.args.s.replaceFirst("\\.", "-")"
}`;
    const ctx = context({ arguments: { s: 'a.b.c' } });
    expect(response(template, { ctx })).toEqual({
      replace: 'a$b$c',
      replaceAll: 'a!b!c',
      replaceFirst: 'a-b.c',
    });
  });

  it('split follows Java: a regular expression, trailing empty strings dropped', () => {
    const ctx = context({ arguments: { csv: 'a,b,,c,,', path: 'a/b', digits: 'a1b22c' } });
    const template = `{
  "csv": $util.toJson($ctx.args.csv.split(",")),
  "limit": $util.toJson($ctx.args.csv.split(",", 2)),
  "regex": $util.toJson($ctx.args.digits.split("\\d+")),
  "none": $util.toJson($ctx.args.path.split(",")),
  "chars": $util.toJson($ctx.args.path.split(""))
}`;
    expect(response(template, { ctx })).toEqual({
      csv: ['a', 'b', '', 'c'],
      limit: ['a', 'b,,c,,'],
      regex: ['a', 'b', 'c'],
      none: ['a/b'],
      chars: ['a', '/', 'b'],
    });
  });

  it('substring, indexOf, lastIndexOf, charAt, concat, matches', () => {
    const template = `#set($s = "appsync-direct")
{
  "substring": ["$s.substring(8)", "$s.substring(0, 7)"],
  "indexOf": [$s.indexOf("p"), $s.lastIndexOf("p"), $s.indexOf("zzz")],
  "charAt": "$s.charAt(3)",
  "concat": "$s.concat("!")",
  "matches": [$s.matches("[a-z]+-[a-z]+"), $s.matches("app")]
}`;
    expect(response(template)).toEqual({
      substring: ['direct', 'appsync'],
      indexOf: [1, 2, -1],
      charAt: 's',
      concat: 'appsync-direct!',
      matches: [true, false],
    });
  });
});

describe('Velocity expressions', () => {
  it('== compares as Java equals: maps and lists by content, different types by their text', () => {
    const template = `#set($m1 = { "a": [1] })#set($m2 = { "a": [1] })#set($l1 = [1, 2])#set($l2 = [1, 2])
{
  "maps": #if($m1 == $m2)true#else false#end,
  "lists": #if($l1 != $l2)true#else false#end,
  "numberAndString": #if(1 == "1")true#else false#end,
  "nullAndNull": #if($ctx.args.missing == $ctx.args.alsoMissing)true#else false#end,
  "nullAndText": #if($ctx.args.missing == "")true#else false#end
}`;
    expect(response(template)).toEqual({
      maps: true,
      lists: false,
      numberAndString: true,
      nullAndNull: true,
      nullAndText: false,
    });
  });

  it('integer division and remainder are integer operations; dividing by zero is null', () => {
    const template = `#set($q = 7 / 2)#set($r = -7 % 2)#set($d = 7.0 / 2)#set($z = 1 / 0)
{ "q": $q, "r": $r, "d": $d, "z": $util.toJson($z) }`;
    expect(response(template)).toEqual({ q: 3, r: -1, d: 3.5, z: null });
    expect(response('#set($m = 7.5 % 2)$m')).toBe(1.5);
  });

  it('a null reference renders as its own text, or as nothing with $!', () => {
    const ctx = context({ arguments: { id: null } });
    expect(response('"$ctx.args.id|$!ctx.args.id|$!{ctx.args.id}"', { ctx })).toBe(
      '$ctx.args.id||',
    );
  });

  it("#set to an undefined reference sets null (AppSync's $null)", () => {
    expect(
      response('#set($ctx.stash.value = $null){ "has": $ctx.stash.containsKey("value") }'),
    ).toEqual({ has: true });
  });
});

describe('java.ts', () => {
  it('a method Java has, with the wrong argument count, says which counts it takes', () => {
    expect(() => callJavaMethod('abc', 'substring', [])).toThrow(
      'String.substring() with 0 arguments is not a Java method the local AppSync implements (it takes 1 or 2)',
    );
    expect(() => callJavaMethod(null, 'size', [])).toThrow(/^null\.size\(\)/);
    expect(() => callJavaMethod({}, 'toString', [])).not.toThrow();
  });

  it('every method, called directly, as Java answers it', () => {
    const cases: [unknown, string, unknown[], unknown][] = [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Java's replacement naming a group
      ['a.b', 'replaceAll', ['(?<x>\\w)\\.', '${x}\\$'], 'a$b'],
      ['', 'split', [','], ['']],
      ['abc', 'toString', [], 'abc'],
      [[1, 2, 1], 'lastIndexOf', [1], 2],
      [[1, 2], 'remove', ['zzz'], false],
      [[1, 2], 'equals', [[1, 2]], true],
      [[1, [2]], 'toString', [], '[1, [2]]'],
      [{ a: 1 }, 'getOrDefault', ['b', 'd'], 'd'],
      [{ a: 1 }, 'remove', ['zzz'], null],
      [{ a: 1 }, 'equals', [{ a: 1 }], true],
      [{ a: null }, 'get', ['a'], null],
      [2.5, 'doubleValue', [], 2.5],
      [2.5, 'floatValue', [], 2.5],
      [2, 'equals', [2], true],
    ];
    for (const [target, name, args, expected] of cases) {
      expect(callJavaMethod(target, name, args), `${javaString(target)}.${name}`).toEqual(expected);
    }
    const list = [1, 2];
    expect(callJavaMethod(list, 'clear', [])).toBe('');
    expect(list).toEqual([]);
    const map = { a: 1 };
    const [entry] = callJavaMethod(map, 'entrySet', []) as object[];
    expect(callJavaMethod(entry, 'getKey', [])).toBe('a');
  });

  it('wrong arguments fail as Java does', () => {
    expect(() => callJavaMethod('abc', 'substring', [2, 1])).toThrow('begin 2 is after end 1');
    expect(() => callJavaMethod('abc', 'charAt', ['x'])).toThrow('the index must be an integer');
    expect(() => callJavaMethod([], 'addAll', ['x'])).toThrow('expected a List; received String');
    expect(() => callJavaMethod({}, 'putAll', [[1]])).toThrow('expected a Map; received List');
    for (const [value, type] of [
      [1, 'Integer'],
      [1.5, 'Double'],
      [true, 'Boolean'],
      [{}, 'Map'],
      [[], 'List'],
      ['', 'String'],
      [Symbol.iterator, 'Object'],
    ] as const) {
      expect(() => callJavaMethod(value, 'nope', [1])).toThrow(
        `${type}.nope() with 1 argument is not`,
      );
    }
  });

  it('numbers and booleans', () => {
    expect(callJavaMethod(3.7, 'intValue', [])).toBe(3);
    expect(callJavaMethod(3, 'toString', [])).toBe('3');
    expect(callJavaMethod(true, 'booleanValue', [])).toBe(true);
    expect(callJavaMethod(true, 'equals', [true])).toBe(true);
  });

  it('javaString writes lists and maps as Java does', () => {
    expect(javaString({ a: [1, null], b: { c: 'x' } })).toBe('{a=[1, null], b={c=x}}');
  });

  it('javaEquals is reflexive and agrees with JSON equality on JSON values (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), (a, b) => {
        const copy = JSON.parse(JSON.stringify(a)) as unknown;
        expect(javaEquals(a, copy)).toBe(true);
        expect(velocityEquals(a, copy)).toBe(true);
        if (javaEquals(a, b)) expect(javaEquals(b, a)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
