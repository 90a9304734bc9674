/**
 * AppSync's auth directives, enforced field by field: which auth modes (and Cognito groups) may
 * resolve each field of the schema, read from `@aws_api_key`, `@aws_iam`, `@aws_oidc`,
 * `@aws_lambda`, `@aws_cognito_user_pools` and `@aws_auth` on types and fields. The engine asks it
 * for every field; how a request's mode and identity were found is the edge's business (the
 * emulator's AppSync front door, the HTTP entry's authorizer mapping).
 */
import {
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  getNamedType,
  isObjectType,
  valueFromASTUntyped,
} from 'graphql';
import type { AppSyncIdentity } from '../event.js';

/** The five AppSync authorization modes. */
export type AuthMode = 'apiKey' | 'iam' | 'cognito' | 'oidc' | 'lambda';

/** The five modes, in the order AppSync's documentation lists them. */
export const AUTH_MODES: readonly AuthMode[] = ['apiKey', 'iam', 'cognito', 'oidc', 'lambda'];

/** The outcome of authorizing a request: its mode, identity and what the authorizer denied. */
export interface RequestAuth {
  mode: AuthMode;
  identity: AppSyncIdentity;
  /** The Cognito groups the `cognito_groups` arguments are checked against. */
  groups: readonly string[];
  /** Fields a Lambda authorizer denied: `Type.field`, or AppSync's field ARN. */
  deniedFields: readonly string[];
}

interface Rule {
  mode: AuthMode;
  groups: readonly string[] | undefined;
}

const DIRECTIVE_MODES: Readonly<Record<string, AuthMode>> = {
  aws_api_key: 'apiKey',
  aws_iam: 'iam',
  aws_oidc: 'oidc',
  aws_lambda: 'lambda',
  aws_cognito_user_pools: 'cognito',
  aws_auth: 'cognito',
};

function groupsOf(directive: ConstDirectiveNode): readonly string[] | undefined {
  const argument = directive.arguments?.find((arg) => arg.name.value === 'cognito_groups');
  if (argument === undefined) return undefined;
  const value = valueFromASTUntyped(argument.value);
  const list = Array.isArray(value) ? value : [value];
  return list.filter((group): group is string => typeof group === 'string');
}

/** The auth rules of the directives on these AST nodes; `undefined` when there are none. */
function rulesOf(
  nodes: readonly ({ readonly directives?: readonly ConstDirectiveNode[] } | null | undefined)[],
): readonly Rule[] | undefined {
  const rules: Rule[] = [];
  for (const node of nodes) {
    for (const directive of node?.directives ?? []) {
      const mode = DIRECTIVE_MODES[directive.name.value];
      if (mode !== undefined) rules.push({ mode, groups: groupsOf(directive) });
    }
  }
  return rules.length === 0 ? undefined : rules;
}

/**
 * Enforces AppSync's auth directives on every field, read once per type and field:
 *
 * - A field's own directives decide for it; otherwise its type's directives do; a type or field
 *   without any allows the API's default mode only (a directive replaces the default, it does not
 *   add to it).
 * - `@aws_cognito_user_pools(cognito_groups: [...])` and `@aws_auth(cognito_groups: [...])`
 *   admit only Cognito users in one of the groups.
 * - The object type a field returns must admit the mode as well; if it does not, the field fails
 *   naming that type ("Not Authorized to access getPost on type Post"), as AppSync reports it.
 * - Fields a Lambda authorizer listed in `deniedFields` fail the same way.
 */
export class DirectiveAuth {
  readonly #defaultMode: AuthMode;
  readonly #types = new Map<string, readonly Rule[] | undefined>();
  /** What each field's check needs, read once: a field object of the schema is its key. */
  readonly #fields = new WeakMap<object, FieldRules>();

  constructor(defaultMode: AuthMode) {
    this.#defaultMode = defaultMode;
  }

  /** The denial message for this field, or `undefined` if the request may resolve it. */
  check(
    parent: GraphQLObjectType,
    field: GraphQLField<unknown, unknown>,
    auth: RequestAuth,
  ): string | undefined {
    let rules = this.#fields.get(field);
    if (rules === undefined || rules.parent !== parent) {
      rules = this.#rulesOf(parent, field);
      this.#fields.set(field, rules);
    }
    // The answer depends on the mode alone unless groups or denied fields come into it: then
    // it is kept per mode, as a request resolves the same field many times.
    if (!rules.byGroups && auth.deniedFields.length === 0) {
      const known = rules.byMode.get(auth.mode);
      if (known !== undefined) return known === '' ? undefined : known;
      const decided = this.#decide(rules, auth, parent, field) ?? '';
      rules.byMode.set(auth.mode, decided);
      return decided === '' ? undefined : decided;
    }
    return this.#decide(rules, auth, parent, field);
  }

  #decide(
    rules: FieldRules,
    auth: RequestAuth,
    parent: GraphQLObjectType,
    field: GraphQLField<unknown, unknown>,
  ): string | undefined {
    if (!this.#allows(rules.own, auth) || isDenied(auth, parent, field)) {
      return notAuthorized(field.name, parent.name);
    }
    if (rules.returned !== null && !this.#allows(rules.returned.rules, auth)) {
      return notAuthorized(field.name, rules.returned.name);
    }
    return undefined;
  }

  #rulesOf(parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>): FieldRules {
    const own = rulesOf([field.astNode]) ?? this.#typeRules(parent);
    const type = getNamedType(field.type);
    const returned = isObjectType(type) ? { name: type.name, rules: this.#typeRules(type) } : null;
    const byGroups = [own, returned?.rules].some((list) =>
      list?.some((rule) => rule.groups !== undefined),
    );
    return { parent, own, returned, byGroups, byMode: new Map() };
  }

  #typeRules(type: GraphQLNamedType): readonly Rule[] | undefined {
    if (!this.#types.has(type.name)) {
      this.#types.set(type.name, rulesOf([type.astNode, ...type.extensionASTNodes]));
    }
    return this.#types.get(type.name);
  }

  #allows(rules: readonly Rule[] | undefined, auth: RequestAuth): boolean {
    if (rules === undefined) return auth.mode === this.#defaultMode;
    return rules.some(
      (rule) =>
        rule.mode === auth.mode &&
        (rule.groups === undefined || rule.groups.some((group) => auth.groups.includes(group))),
    );
  }
}

/** A field's auth rules, read once, with its decisions per mode. */
interface FieldRules {
  /** The type that holds the field (an interface's field object is shared by its types). */
  parent: GraphQLObjectType;
  /** The field's own directives, else its type's; `undefined`: the default mode only. */
  own: readonly Rule[] | undefined;
  /** The object type it returns and that type's rules; `null` for another kind of type. */
  returned: { name: string; rules: readonly Rule[] | undefined } | null;
  /** Whether a `cognito_groups` argument makes the answer depend on the caller's groups. */
  byGroups: boolean;
  /** Decided answers by mode: the denial, or `''` for allowed. */
  byMode: Map<AuthMode, string>;
}

function notAuthorized(field: string, type: string): string {
  return `Not Authorized to access ${field} on type ${type}`;
}

function isDenied(
  auth: RequestAuth,
  parent: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
): boolean {
  if (auth.deniedFields.length === 0) return false;
  const key = `${parent.name}.${field.name}`;
  const arn = `/types/${parent.name}/fields/${field.name}`;
  return auth.deniedFields.some((denied) => denied === key || denied.endsWith(arn));
}
