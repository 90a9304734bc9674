import { isIP } from 'node:net';
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

// AppSync's own scalars, validated by the rules of the AppSync scalar reference ("Scalar types in
// AWS AppSync"): date and time strings in extended ISO 8601, with the time zone offset optional
// for AWSDate and AWSTime and compulsory for AWSDateTime; 1 to 9 fraction digits; offsets `Z`,
// `±hh:mm` or `±hh:mm:ss`; AWSTimestamp an integer count of seconds; AWSJSON any JSON text,
// parsed for resolvers; AWSURL with a scheme and no `//` in its path; AWSIPAddress an IPv4 or
// IPv6 address with an optional CIDR suffix. Every check runs on input (variables and literals)
// and on output (what a resolver returned), as AppSync validates both.

const OFFSET = '(?:Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?)';
const DATE = '(-?\\d{4,})-(\\d{2})-(\\d{2})';
const TIME = '(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,9})?)?';

const DATE_RE = new RegExp(`^${DATE}${OFFSET}?$`);
const TIME_RE = new RegExp(`^${TIME}${OFFSET}?$`);
const DATE_TIME_RE = new RegExp(`^${DATE}T${TIME}${OFFSET}$`);
// RFC 822 in practice: a local part of atom characters and dots, and a dotted domain.
const EMAIL_RE =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
// Digit groups separated by single spaces or hyphens, an optional leading `+country` and an
// optional parenthesised area code: `+1 206-555-0100`, `(206) 555 0100`, `2065550100`.
const PHONE_RE = /^\+?(?:\(\d{1,4}\)[ -]?)?\d+(?:[ -]\d+)*$/;

function isValidDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  return day <= days;
}

function datePart(match: RegExpExecArray | null): boolean {
  if (match === null) return false;
  return isValidDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Runs an input check on a literal, so that its error points at the literal in the query. */
function atNode<T>(node: ValueNode, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new GraphQLError((error as Error).message, { nodes: node });
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

/** A scalar whose values are strings checked by `valid`, the same on input and output. */
function stringScalar(name: string, description: string, valid: (value: string) => boolean) {
  const check = (value: unknown): string => {
    if (typeof value !== 'string') {
      throw new GraphQLError(`${name} must be a string; received ${describe(value)}.`);
    }
    if (!valid(value)) {
      throw new GraphQLError(`${describe(value)} is not a valid ${name}: ${description}`);
    }
    return value;
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: check,
    parseValue: check,
    parseLiteral(node: ValueNode) {
      if (node.kind !== Kind.STRING) {
        throw new GraphQLError(`${name} must be a string literal; received a ${node.kind}.`, {
          nodes: node,
        });
      }
      return atNode(node, () => check(node.value));
    },
  });
}

function validUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  // AppSync rejects a URL whose path holds "//" (a scheme's own "//" is not part of the path).
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) && !url.pathname.includes('//');
}

function validIp(value: string): boolean {
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const version = isIP(address);
  if (version === 0) return false;
  if (slash < 0) return true;
  const prefix = value.slice(slash + 1);
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

function validPhone(value: string): boolean {
  if (!PHONE_RE.test(value)) return false;
  const digits = value.replace(/\D/g, '').length;
  return digits >= 5 && digits <= 15;
}

const AWSDate = stringScalar(
  'AWSDate',
  'an extended ISO 8601 date YYYY-MM-DD, with an optional time zone offset (Z or ±hh:mm[:ss]).',
  (value) => datePart(DATE_RE.exec(value)),
);

const AWSTime = stringScalar(
  'AWSTime',
  'an extended ISO 8601 time hh:mm[:ss[.sss]], with an optional time zone offset (Z or ±hh:mm[:ss]).',
  (value) => TIME_RE.test(value),
);

const AWSDateTime = stringScalar(
  'AWSDateTime',
  'an extended ISO 8601 date and time YYYY-MM-DDThh:mm[:ss[.sss]] with a compulsory time zone offset (Z or ±hh:mm[:ss]).',
  (value) => datePart(DATE_TIME_RE.exec(value)),
);

const AWSEmail = stringScalar(
  'AWSEmail',
  'an email address local-part@domain-part (RFC 822).',
  (value) => EMAIL_RE.test(value),
);

const AWSURL = stringScalar(
  'AWSURL',
  'a URL with a scheme (https://example.com/, mailto:someone@example.com) and no "//" in its path.',
  validUrl,
);

const AWSPhone = stringScalar(
  'AWSPhone',
  'a phone number of 5 to 15 digits, optionally starting with +country, in groups separated by spaces or hyphens.',
  validPhone,
);

const AWSIPAddress = stringScalar(
  'AWSIPAddress',
  'an IPv4 (quad-dotted) or IPv6 address, with an optional CIDR suffix such as /24.',
  validIp,
);

function timestamp(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new GraphQLError(
      `AWSTimestamp must be an integer number of seconds since 1970-01-01T00:00Z; received ${describe(value)}.`,
    );
  }
  return value;
}

const AWSTimestamp = new GraphQLScalarType<number, number>({
  name: 'AWSTimestamp',
  description: 'An integer number of seconds before or after 1970-01-01T00:00Z.',
  serialize: timestamp,
  parseValue: timestamp,
  parseLiteral(node: ValueNode) {
    if (node.kind !== Kind.INT) {
      throw new GraphQLError(`AWSTimestamp must be an integer literal; received a ${node.kind}.`, {
        nodes: node,
      });
    }
    return atNode(node, () => timestamp(Number(node.value)));
  },
});

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') {
    throw new GraphQLError(
      `AWSJSON must be a string of JSON text (such as "{\\"a\\":1}"); received ${describe(value)}.`,
    );
  }
  try {
    return JSON.parse(value);
  } catch {
    throw new GraphQLError(`Unable to parse ${describe(value)} as valid JSON.`);
  }
}

/**
 * AWSJSON: on input, JSON text that resolvers receive parsed (a map, a list or a scalar); on
 * output, what a resolver returned, as JSON text. A string that already is JSON text is sent as
 * it is (Lambdas commonly return `JSON.stringify(value)`); any other value is serialised.
 */
const AWSJSON = new GraphQLScalarType<unknown, string>({
  name: 'AWSJSON',
  description: 'A JSON string (RFC 8259); resolvers receive it parsed.',
  serialize(value) {
    if (typeof value === 'string') {
      try {
        JSON.parse(value);
        return value;
      } catch {
        return JSON.stringify(value);
      }
    }
    const text = JSON.stringify(value);
    if (text === undefined) {
      throw new GraphQLError(`AWSJSON cannot represent ${describe(value)}.`);
    }
    return text;
  },
  parseValue: parseJson,
  parseLiteral(node: ValueNode) {
    if (node.kind !== Kind.STRING) {
      throw new GraphQLError(
        `AWSJSON must be a string literal of JSON text; received a ${node.kind}.`,
        { nodes: node },
      );
    }
    return atNode(node, () => parseJson(node.value));
  },
});

/** The nine AppSync scalars, by name. */
export const appSyncScalars: Readonly<Record<string, GraphQLScalarType>> = Object.freeze({
  AWSDate,
  AWSTime,
  AWSDateTime,
  AWSTimestamp,
  AWSEmail,
  AWSJSON,
  AWSURL,
  AWSPhone,
  AWSIPAddress,
});
