/**
 * Label selectors: the `?labelSelector=` string syntax, the
 * metav1.LabelSelector object (`matchLabels` and `matchExpressions`) and the
 * string form printed in Scale status and SELECTOR columns. Both forms turn
 * into the same value, a list of requirements that must all hold.
 *
 * Semantics and messages follow k8s.io/apimachinery/pkg/labels: users and
 * scripts match on the messages, and kubectl prints them verbatim.
 */
import { invalid, type FieldError } from "./field-errors.js";
import { labelValueProblems, qualifiedNameProblems } from "./validation.js";

/** What a parse or conversion gives: the selector, or upstream's message for a 400. */
export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** upstream's selection.Operator values; `!` is DoesNotExist, `gt`/`lt` compare integers. */
export type LabelOperator = "=" | "==" | "!=" | "in" | "notin" | "exists" | "!" | "gt" | "lt";

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

/**
 * Requirements that must all hold (none: everything matches), or `nothing`:
 * what an absent metav1.LabelSelector means, which matches no object.
 */
export type LabelSelector =
  | { readonly type: "requirements"; readonly requirements: readonly LabelRequirement[] }
  | { readonly type: "nothing" };

/** A metav1.LabelSelector as it appears in objects (`spec.selector` of a Deployment). */
export interface LabelSelectorObject {
  readonly matchLabels?: Readonly<Record<string, string>> | null;
  readonly matchExpressions?: readonly LabelSelectorRequirementObject[] | null;
}

/** Key and operator may be missing in what a user sent: conversion reports them as invalid. */
export interface LabelSelectorRequirementObject {
  readonly key?: string;
  readonly operator?: string;
  readonly values?: readonly string[] | null;
}

const EVERYTHING: LabelSelector = { type: "requirements", requirements: [] };
const NOTHING: LabelSelector = { type: "nothing" };

export function matchesLabels(selector: LabelSelector, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (selector.type === "nothing") return false;
  return selector.requirements.every((requirement) => requirementMatches(requirement, labels ?? {}));
}

function requirementMatches({ key, operator, values }: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const value = Object.hasOwn(labels, key) ? labels[key] : undefined;
  switch (operator) {
    case "=":
    case "==":
    case "in":
      return value !== undefined && values.includes(value);
    case "!=":
    case "notin":
      return value === undefined || !values.includes(value);
    case "exists":
      return value !== undefined;
    case "!":
      return value === undefined;
    case "gt":
    case "lt": {
      const [bound] = values;
      if (value === undefined || bound === undefined || !isInteger(value) || !isInteger(bound)) return false;
      return operator === "gt" ? BigInt(value) > BigInt(bound) : BigInt(value) < BigInt(bound);
    }
    default:
      return operator satisfies never;
  }
}

/** Go's strconv.ParseInt(s, 10, 64) syntax; BigInt keeps 64-bit values exact. */
function isInteger(text: string): boolean {
  return /^[+-]?[0-9]+$/.test(text);
}

/**
 * upstream's NewRequirement: checks the key, the operator's value count and
 * every value, and reports all problems at once, named as field paths
 * (`values[0][app]`) the way upstream words them.
 */
function newRequirement(key: string, operator: LabelOperator, values: readonly string[]): ParseResult<LabelRequirement> {
  const errors: FieldError[] = [];
  const keyProblems = qualifiedNameProblems(key);
  if (keyProblems.length > 0) errors.push(invalid("key", key, keyProblems.join("; ")));
  // Go renders an empty []string built by append(nil) as null.
  const shown = values.length === 0 ? null : values;
  switch (operator) {
    case "in":
    case "notin":
      if (values.length === 0) errors.push(invalid("values", shown, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case "=":
    case "==":
    case "!=":
      if (values.length !== 1) errors.push(invalid("values", shown, "exact-match compatibility requires one single value"));
      break;
    case "exists":
    case "!":
      if (values.length !== 0) errors.push(invalid("values", shown, "values set must be empty for exists and does not exist"));
      break;
    case "gt":
    case "lt":
      if (values.length !== 1) errors.push(invalid("values", shown, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((value, i) => {
        if (!isInteger(value)) errors.push(invalid(`values[${i}]`, value, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
    default:
      return operator satisfies never;
  }
  values.forEach((value, i) => {
    const problems = labelValueProblems(value);
    if (problems.length > 0) errors.push(invalid(`values[${i}][${key}]`, value, problems.join("; ")));
  });
  if (errors.length > 0) return { ok: false, error: aggregate(errors) };
  return { ok: true, value: { key, operator, values } };
}

/** field.ErrorList.ToAggregate().Error(): one message alone, several in brackets, duplicates once. */
function aggregate(errors: readonly FieldError[]): string {
  const messages = [...new Set(errors.map((e) => `${e.field}: ${e.message}`))];
  return messages.length === 1 ? (messages[0] ?? "") : `[${messages.join(", ")}]`;
}

/** Sorted by key, as upstream keeps them, so the string form is deterministic. */
function selectorOf(requirements: LabelRequirement[]): LabelSelector {
  return { type: "requirements", requirements: requirements.sort((a, b) => compare(a.key, b.key)) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** metav1.LabelSelectorOperator values and the requirement operators they stand for. */
const EXPRESSION_OPERATORS: ReadonlyMap<string, LabelOperator> = new Map([
  ["In", "in"],
  ["NotIn", "notin"],
  ["Exists", "exists"],
  ["DoesNotExist", "!"],
]);

/**
 * metav1.LabelSelectorAsSelector: null or undefined matches nothing (a
 * workload without a selector must not adopt every pod), `{}` matches
 * everything.
 */
export function selectorFromLabelSelector(object: LabelSelectorObject | null | undefined): ParseResult<LabelSelector> {
  if (object === null || object === undefined) return { ok: true, value: NOTHING };
  const matchLabels = Object.entries(object.matchLabels ?? {});
  const matchExpressions = object.matchExpressions ?? [];
  if (matchLabels.length + matchExpressions.length === 0) return { ok: true, value: EVERYTHING };
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of matchLabels) {
    const requirement = newRequirement(key, "=", [value]);
    if (!requirement.ok) return requirement;
    requirements.push(requirement.value);
  }
  for (const expression of matchExpressions) {
    const operator = EXPRESSION_OPERATORS.get(expression.operator ?? "");
    if (operator === undefined) {
      return { ok: false, error: `${JSON.stringify(expression.operator ?? "")} is not a valid label selector operator` };
    }
    const requirement = newRequirement(expression.key ?? "", operator, [...(expression.values ?? [])]);
    if (!requirement.ok) return requirement;
    requirements.push(requirement.value);
  }
  return { ok: true, value: selectorOf(requirements) };
}

/**
 * labels.SelectorFromSet: every label must be present with that value; an
 * empty or absent set matches everything (a Service's `spec.selector`).
 * Like upstream, the set is taken as already validated.
 */
export function selectorFromSet(set: Readonly<Record<string, string>> | null | undefined): LabelSelector {
  return selectorOf(Object.entries(set ?? {}).map(([key, value]) => ({ key, operator: "=", values: [value] })));
}

/** Selector.String(): `a=b,c in (x,y),!d`; values of set operators sorted; "" for everything and nothing. */
export function labelSelectorString(selector: LabelSelector): string {
  if (selector.type === "nothing") return "";
  return selector.requirements.map(requirementString).join(",");
}

function requirementString({ key, operator, values }: LabelRequirement): string {
  const list = values.length === 1 ? (values[0] ?? "") : [...values].sort(compare).join(",");
  switch (operator) {
    case "exists":
      return key;
    case "!":
      return `!${key}`;
    case "in":
    case "notin":
      return `${key} ${operator} (${list})`;
    case "gt":
      return `${key}>${list}`;
    case "lt":
      return `${key}<${list}`;
    case "=":
    case "==":
    case "!=":
      return `${key}${operator}${list}`;
    default:
      return operator satisfies never;
  }
}

/** metav1.FormatLabelSelector: `<none>` when empty, `<error>` when the object is invalid. */
export function formatLabelSelector(object: LabelSelectorObject | null | undefined): string {
  const selector = selectorFromLabelSelector(object);
  if (!selector.ok) return "<error>";
  return labelSelectorString(selector.value) || "<none>";
}

// The string syntax, parsed as upstream's lexer and recursive-descent parser
// do, so that the same inputs fail with the same messages:
//   selector    ::= requirement ("," requirement)*
//   requirement ::= ["!"] KEY [ ("in" | "notin") "(" VALUES ")" | ("=" | "==" | "!=" | ">" | "<") VALUE ]

type TokenType = "end" | "identifier" | "(" | ")" | "," | "!" | "=" | "==" | "!=" | ">" | "<" | "in" | "notin";

interface Token {
  readonly type: TokenType;
  readonly literal: string;
}

const SYMBOLS = new Set(["=", "!", "(", ")", ",", ">", "<"]);
const TWO_CHARACTER_SYMBOLS = new Set(["!=", "=="]);
const WHITESPACE = new Set([" ", "\t", "\r", "\n"]);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (WHITESPACE.has(ch)) {
      i++;
    } else if (SYMBOLS.has(ch)) {
      const symbol = TWO_CHARACTER_SYMBOLS.has(text.slice(i, i + 2)) ? text.slice(i, i + 2) : ch;
      tokens.push({ type: symbol as TokenType, literal: symbol });
      i += symbol.length;
    } else {
      let end = i;
      while (end < text.length && !SYMBOLS.has(text.charAt(end)) && !WHITESPACE.has(text.charAt(end))) end++;
      const word = text.slice(i, end);
      tokens.push({ type: word === "in" || word === "notin" ? word : "identifier", literal: word });
      i = end;
    }
  }
  tokens.push({ type: "end", literal: "" });
  return tokens;
}

/** Thrown inside the parser only; parseLabelSelector turns it into an error value. */
class SelectorSyntaxError extends Error {}

/**
 * Reads tokens in one of upstream's two contexts: where values are expected
 * the words `in` and `notin` are plain identifiers (`x in (in)` is valid).
 */
class TokenReader {
  #tokens: readonly Token[];
  #position = 0;
  constructor(tokens: readonly Token[]) {
    this.#tokens = tokens;
  }
  peek(context: "values" | "operator" = "values"): Token {
    const token = this.#tokens[Math.min(this.#position, this.#tokens.length - 1)] ?? { type: "end", literal: "" };
    return context === "values" && (token.type === "in" || token.type === "notin") ? { type: "identifier", literal: token.literal } : token;
  }
  next(context: "values" | "operator" = "values"): Token {
    const token = this.peek(context);
    this.#position++;
    return token;
  }
}

/** labels.Parse: an empty or blank string matches everything. */
export function parseLabelSelector(text: string): ParseResult<LabelSelector> {
  try {
    return { ok: true, value: selectorOf(parseRequirements(new TokenReader(tokenize(text)))) };
  } catch (error) {
    if (!(error instanceof SelectorSyntaxError)) throw error;
    return { ok: false, error: error.message };
  }
}

function parseRequirements(reader: TokenReader): LabelRequirement[] {
  const requirements: LabelRequirement[] = [];
  for (;;) {
    const start = reader.peek();
    if (start.type === "end") return requirements;
    if (start.type !== "identifier" && start.type !== "!") {
      throw new SelectorSyntaxError(`found '${start.literal}', expected: !, identifier, or 'end of string'`);
    }
    requirements.push(parseRequirement(reader));
    const after = reader.next();
    if (after.type === "end") return requirements;
    if (after.type !== ",") throw new SelectorSyntaxError(`found '${after.literal}', expected: ',' or 'end of string'`);
    const following = reader.peek();
    if (following.type !== "identifier" && following.type !== "!") {
      throw new SelectorSyntaxError(`found '${following.literal}', expected: identifier after ','`);
    }
  }
}

/** Upstream prefixes every problem found inside one requirement. */
function badRequirement(problem: string): SelectorSyntaxError {
  return new SelectorSyntaxError(`unable to parse requirement: ${problem}`);
}

function parseRequirement(reader: TokenReader): LabelRequirement {
  let token = reader.next();
  const negated = token.type === "!";
  if (negated) token = reader.next();
  if (token.type !== "identifier") throw badRequirement(`found '${token.literal}', expected: identifier`);
  const key = token.literal;
  const keyProblems = qualifiedNameProblems(key);
  // The parser checks the key before building the requirement, with no field path: Go prints a nil path as <nil>.
  if (keyProblems.length > 0) throw badRequirement(`<nil>: ${invalid("", key, keyProblems.join("; ")).message}`);
  const lookahead = reader.peek().type;
  if (negated || lookahead === "end" || lookahead === ",") return checked(newRequirement(key, negated ? "!" : "exists", []));
  const operatorToken = reader.next("operator");
  const operator = operatorOf(operatorToken);
  if (operator === undefined) throw badRequirement(`found '${operatorToken.literal}', expected: ${BINARY_OPERATORS.join(", ")}`);
  const values = operator === "in" || operator === "notin" ? parseValueSet(reader) : parseExactValue(reader);
  return checked(newRequirement(key, operator, [...new Set(values)].sort(compare)));
}

function checked(requirement: ParseResult<LabelRequirement>): LabelRequirement {
  if (!requirement.ok) throw badRequirement(requirement.error);
  return requirement.value;
}

const BINARY_OPERATORS = ["in", "notin", "=", "==", "!=", "gt", "lt"] as const;

function operatorOf(token: Token): LabelOperator | undefined {
  switch (token.type) {
    case "in":
    case "notin":
    case "=":
    case "==":
    case "!=":
      return token.type;
    case ">":
      return "gt";
    case "<":
      return "lt";
    default:
      return undefined;
  }
}

/** `(a,b)`; as upstream, empty members are the empty value: `()` is `("")` and `(a,)` is `(a,"")`. */
function parseValueSet(reader: TokenReader): string[] {
  const open = reader.next();
  if (open.type !== "(") throw badRequirement(`found '${open.literal}' expected: '('`);
  const first = reader.peek();
  if (first.type === ")") {
    reader.next();
    return [""];
  }
  if (first.type !== "identifier" && first.type !== ",") throw badRequirement(`found '${first.literal}', expected: ',', ')' or identifier`);
  const values: string[] = [];
  for (;;) {
    const token = reader.next();
    if (token.type === "identifier") {
      values.push(token.literal);
      const after = reader.peek();
      if (after.type === ")") break;
      if (after.type !== ",") throw badRequirement(`found '${after.literal}', expected: ',' or ')'`);
    } else if (token.type === ",") {
      if (values.length === 0) values.push("");
      const after = reader.peek().type;
      if (after === ")") {
        values.push("");
        break;
      }
      if (after === ",") {
        reader.next();
        values.push("");
      }
    } else {
      throw badRequirement(`found '${token.literal}', expected: ',', or identifier`);
    }
  }
  reader.next();
  return values;
}

/** The value after `=`, `==`, `!=`, `>` or `<`; nothing before `,` or the end is the empty value. */
function parseExactValue(reader: TokenReader): string[] {
  const lookahead = reader.peek().type;
  if (lookahead === "end" || lookahead === ",") return [""];
  const token = reader.next();
  if (token.type !== "identifier") throw badRequirement(`found '${token.literal}', expected: identifier`);
  return [token.literal];
}
