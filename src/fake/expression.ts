/**
 * The expressions inside `{{ }}` in stage templates, a small subset of Go
 * template pipelines:
 *
 *   .spec.nodeName                     a path from the current value (`.`)
 *   $.metadata.uid  $  $index          the whole object, and the index in a `$range`
 *   "text"  42  true  null             literals (strings as in JSON)
 *   nodeIP .spec.nodeName              a call: function name, then arguments
 *   eq (exitCode $) 0                  parentheses nest calls
 *
 * Expressions are parsed once when stages load, so a typo is reported then,
 * and they can only call the functions in functions.ts: nothing else of the
 * process is reachable from a stage file.
 */
import { closingBracket, parsePath, pathValue, type Path } from "./path.js";
import { TEMPLATE_FUNCTIONS, type StageEnvironment } from "./functions.js";

export type Expr =
  | { readonly type: "path"; readonly from: "dot" | "root"; readonly path: Path }
  | { readonly type: "index" }
  | { readonly type: "literal"; readonly value: string | number | boolean | null }
  | { readonly type: "call"; readonly name: string; readonly args: readonly Expr[] };

/** What paths start from: `.` is the current value (a `$range` item), `$` the object. */
export interface Scope {
  readonly dot: unknown;
  readonly root: unknown;
  readonly index: number | undefined;
}

export type ExprResult = { readonly ok: true; readonly value: Expr } | { readonly ok: false; readonly error: string };

type Token =
  | { readonly type: "open" | "close" }
  | { readonly type: "word" | "ref"; readonly text: string }
  | { readonly type: "literal"; readonly value: string | number };

class ExpressionError extends Error {}

const WORD = /^[A-Za-z_][A-Za-z0-9_]*/;
const NUMBER = /^-?\d+(\.\d+)?/;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let rest = source.trim();
  while (rest.length > 0) {
    const char = rest[0];
    let length: number;
    if (char === "(" || char === ")") {
      tokens.push({ type: char === "(" ? "open" : "close" });
      length = 1;
    } else if (char === '"') {
      length = closingQuote(rest) + 1;
      if (length === 0) throw new ExpressionError(`unterminated string in ${JSON.stringify(source)}`);
      tokens.push({ type: "literal", value: stringLiteral(rest.slice(0, length)) });
    } else if (char === "." || char === "$") {
      length = referenceLength(rest);
      tokens.push({ type: "ref", text: rest.slice(0, length) });
    } else if (NUMBER.test(rest)) {
      const number = NUMBER.exec(rest)?.[0] ?? "";
      length = number.length;
      tokens.push({ type: "literal", value: Number(number) });
    } else if (WORD.test(rest)) {
      const word = WORD.exec(rest)?.[0] ?? "";
      length = word.length;
      tokens.push({ type: "word", text: word });
    } else {
      throw new ExpressionError(`unexpected ${JSON.stringify(char)} in ${JSON.stringify(source)}`);
    }
    rest = rest.slice(length).trimStart();
  }
  return tokens;
}

function stringLiteral(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    throw new ExpressionError(`invalid string ${quoted}`);
  }
}

function closingQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** A path or variable runs to the next space or parenthesis, brackets (with their quoted keys) included. */
function referenceLength(text: string): number {
  let i = 0;
  while (i < text.length && !/[\s()]/.test(text[i] ?? "")) {
    if (text[i] === "[") {
      const end = closingBracket(text.slice(i));
      if (end < 0) return text.length;
      i += end + 1;
    } else {
      i++;
    }
  }
  return i;
}

function reference(text: string): Expr {
  if (text === "$index") return { type: "index" };
  const from = text.startsWith("$") ? "root" : "dot";
  const pathText = from === "root" ? (text === "$" ? "." : text.slice(1)) : text;
  if (from === "root" && !pathText.startsWith(".")) throw new ExpressionError(`unknown variable ${text}`);
  const path = parsePath(pathText);
  if (!path.ok) throw new ExpressionError(path.error);
  return { type: "path", from, path: path.value };
}

function call(name: string, args: Expr[]): Expr {
  const fn = TEMPLATE_FUNCTIONS[name];
  if (!fn) throw new ExpressionError(`unknown function ${JSON.stringify(name)}`);
  const [min, max] = fn.arity;
  if (args.length < min || args.length > max) {
    const wanted = min === max ? `${min}` : `${min} to ${max}`;
    throw new ExpressionError(`${name} takes ${wanted} argument${max === 1 ? "" : "s"}, got ${args.length}`);
  }
  return { type: "call", name, args };
}

/** Parses tokens[from…] up to a closing parenthesis or the end; returns the expression and where it stopped. */
function parseSequence(tokens: readonly Token[], from: number): [Expr, number] {
  const first = tokens[from];
  if (first?.type === "word" && TEMPLATE_FUNCTIONS[first.text] !== undefined) {
    const args: Expr[] = [];
    let i = from + 1;
    while (i < tokens.length && tokens[i]?.type !== "close") {
      const [arg, next] = parseOperand(tokens, i);
      args.push(arg);
      i = next;
    }
    return [call(first.text, args), i];
  }
  const [operand, next] = parseOperand(tokens, from);
  if (next < tokens.length && tokens[next]?.type !== "close") throw new ExpressionError("only a function call may take arguments");
  return [operand, next];
}

function parseOperand(tokens: readonly Token[], at: number): [Expr, number] {
  const token = tokens[at];
  if (!token) throw new ExpressionError("missing expression");
  switch (token.type) {
    case "open": {
      const [inner, end] = parseSequence(tokens, at + 1);
      if (tokens[end]?.type !== "close") throw new ExpressionError("missing )");
      return [inner, end + 1];
    }
    case "close":
      throw new ExpressionError("unexpected )");
    case "literal":
      return [{ type: "literal", value: token.value }, at + 1];
    case "ref":
      return [reference(token.text), at + 1];
    case "word": {
      const literals: Record<string, boolean | null> = { true: true, false: false, null: null };
      if (token.text in literals) return [{ type: "literal", value: literals[token.text] ?? null }, at + 1];
      // A function in argument position takes no arguments (`or .x now`); others need parentheses.
      return [call(token.text, []), at + 1];
    }
    default:
      return token satisfies never;
  }
}

export function parseExpression(source: string): ExprResult {
  try {
    const tokens = tokenize(source);
    if (tokens.length === 0) return { ok: false, error: "empty expression" };
    const [expr, end] = parseSequence(tokens, 0);
    if (end !== tokens.length) throw new ExpressionError("unexpected )");
    return { ok: true, value: expr };
  } catch (error: unknown) {
    if (error instanceof ExpressionError) return { ok: false, error: `{{ ${source.trim()} }}: ${error.message}` };
    throw error;
  }
}

export function evaluate(expr: Expr, scope: Scope, env: StageEnvironment): unknown {
  switch (expr.type) {
    case "path":
      return pathValue(expr.path, expr.from === "root" ? scope.root : scope.dot);
    case "index":
      return scope.index;
    case "literal":
      return expr.value;
    case "call": {
      const fn = TEMPLATE_FUNCTIONS[expr.name];
      if (!fn) throw new Error(`Unknown function ${expr.name}`);
      return fn.call(
        expr.args.map((arg) => evaluate(arg, scope, env)),
        env,
      );
    }
    default:
      return expr satisfies never;
  }
}
