import { erf } from "@meanfield/linalg";

/*
 * The safe grammar of user activation formulas g(x) (theory/replica.md, "The activation through its
 * Hermite expansion"): a small recursive-descent parser, an evaluator compiled to closures over the tree
 * (never eval or Function), and a symbolic derivative. No dependency, nothing to load: the first formula
 * costs well under a millisecond.
 *
 *   expression := term (("+" | "-") term)*              left-associative
 *   term       := unary (("*" | "/") unary)*            left-associative
 *   unary      := ("-" | "+") unary | power
 *   power      := primary ("^" unary)?                  right-associative: 2^3^2 = 2^(3^2), 2^-x allowed
 *   primary    := number | "x" | "pi" | "e" | function "(" expression ("," expression)* ")" | "(" expression ")"
 *
 * As in mathjs (the parser this replaces), ^ binds tighter than unary minus: -x^2 = -(x^2). Numbers are
 * decimal (1, 2.5, .5, 5., 1e-3). Implicit multiplication (2x, 2(x + 1), (x)(x)) is refused with a hint
 * to write the *: it reads ambiguously (mathjs took 1/2x as x/2).
 */

/** The functions a formula may call, with their arity (min, max arguments). */
export const FUNCTION_ARITY = {
  abs: [1, 1],
  sign: [1, 1],
  sqrt: [1, 1],
  cbrt: [1, 1],
  exp: [1, 1],
  expm1: [1, 1],
  log: [1, 2], // log(u) natural, log(u, base)
  log1p: [1, 2], // log1p(u) = log(1 + u), log1p(u, base)
  log2: [1, 1],
  log10: [1, 1],
  sin: [1, 1],
  cos: [1, 1],
  tan: [1, 1],
  sinh: [1, 1],
  cosh: [1, 1],
  tanh: [1, 1],
  sech: [1, 1],
  asinh: [1, 1],
  atan: [1, 1],
  erf: [1, 1],
  max: [1, Number.POSITIVE_INFINITY],
  min: [1, Number.POSITIVE_INFINITY],
  pow: [2, 2],
} as const satisfies Record<string, readonly [number, number]>;

export type FunctionName = keyof typeof FUNCTION_ARITY;

export const ALLOWED_FUNCTIONS = Object.keys(FUNCTION_ARITY) as readonly FunctionName[];

const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

/** A node of the formula tree. `pick` exists only in derivatives (of max and min). */
export type FormulaNode =
  | { readonly kind: "number"; readonly value: number; readonly name?: "pi" | "e" }
  | { readonly kind: "x" }
  | { readonly kind: "neg"; readonly arg: FormulaNode }
  | {
      readonly kind: "binary";
      readonly op: "+" | "-" | "*" | "/" | "^";
      readonly left: FormulaNode;
      readonly right: FormulaNode;
    }
  | { readonly kind: "call"; readonly name: FunctionName; readonly args: readonly FormulaNode[] }
  | {
      /** d max(a₁…aₙ) (or min): the mean of the dᵢ over the arguments that attain the max (min). */
      readonly kind: "pick";
      readonly name: "max" | "min";
      readonly args: readonly FormulaNode[];
      readonly derivatives: readonly FormulaNode[];
    };

/** A formula outside the grammar; `message` says why, with the 1-based character position when there is one. */
export class FormulaSyntaxError extends Error {
  override name = "FormulaSyntaxError";
}

// ---------------------------------------------------------------------------------------------------
// Tokenizer

type Token =
  | { type: "number"; value: number; text: string; pos: number }
  | { type: "name"; text: string; pos: number }
  | { type: "op"; text: "+" | "-" | "*" | "/" | "^" | "(" | ")" | ","; pos: number }
  | { type: "end"; text: ""; pos: number }
  /** Outside the grammar: the parser throws `why` when it reaches it (so errors come left to right). */
  | { type: "bad"; text: string; pos: number; why: string };

const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const WHITESPACE = /[ \t\r\n]+/y;

function describeChar(c: string): string {
  switch (c) {
    case "'":
    case '"':
    case "`":
      return "strings are not allowed";
    case "[":
    case "]":
    case "{":
    case "}":
      return `matrices and objects are not allowed ('${c}')`;
    case "=":
      return "assignment and comparison are not allowed ('=')";
    case ".":
      return "'.' is not allowed (no property access or element-wise operators)";
    case ";":
      return "only one expression is allowed (';')";
    case "%":
    case "!":
    case "<":
    case ">":
    case "&":
    case "|":
    case "~":
    case "?":
    case ":":
    case "#":
      return `operator '${c}' is not allowed`;
    default:
      return `unexpected character ${JSON.stringify(c)}`;
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    WHITESPACE.lastIndex = i;
    if (WHITESPACE.test(text)) {
      i = WHITESPACE.lastIndex;
      continue;
    }
    const c = text[i];
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num) {
      const after = text[i + num[0].length];
      if (after === "." || (after !== undefined && /\d/.test(after))) {
        tokens.push({ type: "bad", text: num[0], pos: i, why: `malformed number starting '${num[0]}'` });
        break;
      }
      tokens.push({ type: "number", value: Number(num[0]), text: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (name) {
      tokens.push({ type: "name", text: name[0], pos: i });
      i += name[0].length;
      continue;
    }
    if ("+-*/^(),".includes(c)) {
      if (c === "*" && text[i + 1] === "*") {
        tokens.push({
          type: "bad",
          text: "**",
          pos: i,
          why: "'**' is not an operator, write x^2 for powers",
        });
        break;
      }
      tokens.push({ type: "op", text: c as "+", pos: i });
      i++;
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(i) ?? 0);
    tokens.push({ type: "bad", text: ch, pos: i, why: describeChar(ch) });
    break;
  }
  if (tokens.at(-1)?.type !== "bad") tokens.push({ type: "end", text: "", pos: text.length });
  return tokens;
}

// ---------------------------------------------------------------------------------------------------
// Parser

const isKnownName = (name: string): boolean =>
  name === "x" || Object.hasOwn(CONSTANTS, name) || Object.hasOwn(FUNCTION_ARITY, name);

/** Parses a formula into its tree; throws FormulaSyntaxError for anything outside the grammar. */
export function parseFormulaTree(text: string): FormulaNode {
  const tokens = tokenize(text);
  let k = 0;
  const at = (t: Token) => `(char ${t.pos + 1})`;
  const peek = (): Token => {
    const t = tokens[k];
    if (t.type === "bad") throw new FormulaSyntaxError(`${t.why} ${at(t)}`);
    return t;
  };
  const show = (t: Token) => (t.type === "end" ? "end of formula" : `'${t.text}'`);

  function expression(): FormulaNode {
    let node = term();
    for (let t = peek(); t.type === "op" && (t.text === "+" || t.text === "-"); t = peek()) {
      k++;
      node = { kind: "binary", op: t.text, left: node, right: term() };
    }
    return node;
  }

  function term(): FormulaNode {
    let node = unary();
    for (;;) {
      const t = peek();
      if (t.type === "op" && (t.text === "*" || t.text === "/")) {
        k++;
        node = { kind: "binary", op: t.text, left: node, right: unary() };
      } else if (t.type === "name" && !isKnownName(t.text)) {
        throw new FormulaSyntaxError(`unknown symbol '${t.text}' ${at(t)}`);
      } else if (t.type === "number" || t.type === "name" || (t.type === "op" && t.text === "(")) {
        throw new FormulaSyntaxError(
          `missing operator before ${show(t)} ${at(t)}: implicit multiplication is not supported, write the * (e.g. 2*x)`,
        );
      } else return node;
    }
  }

  function unary(): FormulaNode {
    const t = peek();
    if (t.type === "op" && t.text === "-") {
      k++;
      return { kind: "neg", arg: unary() };
    }
    if (t.type === "op" && t.text === "+") {
      k++;
      return unary();
    }
    return power();
  }

  function power(): FormulaNode {
    const base = primary();
    const t = peek();
    if (t.type === "op" && t.text === "^") {
      k++;
      return { kind: "binary", op: "^", left: base, right: unary() };
    }
    return base;
  }

  function primary(): FormulaNode {
    const t = peek();
    if (t.type === "number") {
      k++;
      return { kind: "number", value: t.value };
    }
    if (t.type === "name") {
      k++;
      const next = peek();
      const isCall = next.type === "op" && next.text === "(";
      if (Object.hasOwn(FUNCTION_ARITY, t.text)) {
        if (!isCall)
          throw new FormulaSyntaxError(
            `unknown symbol '${t.text}' ${at(t)}: functions take their arguments in parentheses, e.g. ${t.text}(x)`,
          );
        return call(t.text as FunctionName, t);
      }
      if (isCall) throw new FormulaSyntaxError(`function '${t.text}' is not allowed ${at(t)}`);
      if (t.text === "x") return { kind: "x" };
      if (Object.hasOwn(CONSTANTS, t.text))
        return { kind: "number", value: CONSTANTS[t.text], name: t.text as "pi" | "e" };
      throw new FormulaSyntaxError(`unknown symbol '${t.text}' ${at(t)}`);
    }
    if (t.type === "op" && t.text === "(") {
      k++;
      const inner = expression();
      expect(")", t);
      return inner;
    }
    if (t.type === "end") throw new FormulaSyntaxError(`unexpected end of formula ${at(t)}: value expected`);
    throw new FormulaSyntaxError(`value expected before ${show(t)} ${at(t)}`);
  }

  function expect(close: ")", open: Token): void {
    const t = peek();
    if (t.type === "op" && t.text === close) {
      k++;
      return;
    }
    if (t.type === "end")
      throw new FormulaSyntaxError(`parenthesis ) expected ${at(t)} to close the ( at char ${open.pos + 1}`);
    throw new FormulaSyntaxError(`parenthesis ) expected before ${show(t)} ${at(t)}`);
  }

  function call(name: FunctionName, nameToken: Token): FormulaNode {
    const open = peek();
    k++; // "("
    const args: FormulaNode[] = [];
    const close = peek();
    if (!(close.type === "op" && close.text === ")")) {
      args.push(expression());
      for (let t = peek(); t.type === "op" && t.text === ","; t = peek()) {
        k++;
        args.push(expression());
      }
    }
    expect(")", open);
    const [min, max] = FUNCTION_ARITY[name];
    if (args.length < min || args.length > max) {
      const want =
        min === max
          ? `${min} argument${min === 1 ? "" : "s"}`
          : max === Number.POSITIVE_INFINITY
            ? `at least ${min} argument${min === 1 ? "" : "s"}`
            : `${min} or ${max} arguments`;
      throw new FormulaSyntaxError(`function '${name}' takes ${want}, got ${args.length} ${at(nameToken)}`);
    }
    return { kind: "call", name, args };
  }

  const root = expression();
  const rest = peek();
  if (rest.type !== "end") {
    if (rest.type === "op" && rest.text === ")") throw new FormulaSyntaxError(`unbalanced ')' ${at(rest)}`);
    throw new FormulaSyntaxError(`unexpected ${show(rest)} ${at(rest)}`);
  }
  return root;
}

// ---------------------------------------------------------------------------------------------------
// Evaluation: closures over the tree; constant subtrees are evaluated once.

type Fn = (x: number) => number;

const FUNCTIONS: Readonly<Record<Exclude<FunctionName, "max" | "min" | "log" | "log1p" | "pow">, Fn>> = {
  abs: Math.abs,
  sign: Math.sign,
  sqrt: Math.sqrt,
  cbrt: Math.cbrt,
  exp: Math.exp,
  expm1: Math.expm1,
  log2: Math.log2,
  log10: Math.log10,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  sech: (u) => 1 / Math.cosh(u),
  asinh: Math.asinh,
  atan: Math.atan,
  erf,
};

const dependsCache = new WeakMap<FormulaNode, boolean>();

/** True when the node's value depends on x. */
export function dependsOnX(node: FormulaNode): boolean {
  const hit = dependsCache.get(node);
  if (hit !== undefined) return hit;
  let r: boolean;
  switch (node.kind) {
    case "number":
      r = false;
      break;
    case "x":
      r = true;
      break;
    case "neg":
      r = dependsOnX(node.arg);
      break;
    case "binary":
      r = dependsOnX(node.left) || dependsOnX(node.right);
      break;
    case "call":
      r = node.args.some(dependsOnX);
      break;
    case "pick":
      r = node.args.some(dependsOnX) || node.derivatives.some(dependsOnX);
      break;
  }
  dependsCache.set(node, r);
  return r;
}

/** Compiles a tree to a function of x (closures; shared subtrees compiled once). */
export function compileFormula(root: FormulaNode): Fn {
  const memo = new Map<FormulaNode, Fn>();
  const compile = (node: FormulaNode): Fn => {
    let f = memo.get(node);
    if (f === undefined) {
      f = compileNode(node, compile);
      if (node.kind !== "number" && node.kind !== "x" && !dependsOnX(node)) {
        const v = f(0);
        f = () => v;
      }
      memo.set(node, f);
    }
    return f;
  };
  return compile(root);
}

function compileNode(node: FormulaNode, compile: (n: FormulaNode) => Fn): Fn {
  switch (node.kind) {
    case "number": {
      const v = node.value;
      return () => v;
    }
    case "x":
      return (x) => x;
    case "neg": {
      const a = compile(node.arg);
      return (x) => -a(x);
    }
    case "binary": {
      const a = compile(node.left);
      const b = compile(node.right);
      switch (node.op) {
        case "+":
          return (x) => a(x) + b(x);
        case "-":
          return (x) => a(x) - b(x);
        case "*":
          return (x) => a(x) * b(x);
        case "/":
          return (x) => a(x) / b(x);
        case "^":
          return (x) => a(x) ** b(x);
      }
      break;
    }
    case "call": {
      const args = node.args.map(compile);
      switch (node.name) {
        case "max":
          if (args.length === 2) {
            const [a, b] = args;
            return (x) => Math.max(a(x), b(x));
          }
          return (x) => Math.max(...args.map((f) => f(x)));
        case "min":
          if (args.length === 2) {
            const [a, b] = args;
            return (x) => Math.min(a(x), b(x));
          }
          return (x) => Math.min(...args.map((f) => f(x)));
        case "pow": {
          const [a, b] = args;
          return (x) => a(x) ** b(x);
        }
        case "log":
        case "log1p": {
          const ln = node.name === "log" ? Math.log : Math.log1p;
          const a = args[0];
          if (args.length === 1) return (x) => ln(a(x));
          const base = args[1];
          return (x) => ln(a(x)) / Math.log(base(x));
        }
        default: {
          const fn = FUNCTIONS[node.name];
          const a = args[0];
          return (x) => fn(a(x));
        }
      }
    }
    case "pick": {
      const args = node.args.map(compile);
      const ds = node.derivatives.map(compile);
      const extreme = node.name === "max" ? Math.max : Math.min;
      return (x) => {
        const v = args.map((f) => f(x));
        const m = extreme(...v);
        let sum = 0;
        let count = 0;
        for (let i = 0; i < v.length; i++)
          if (v[i] === m) {
            sum += ds[i](x);
            count++;
          }
        return count === 0 ? Number.NaN : sum / count;
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Symbolic derivative

/** The derivative uses a function with no derivative as a function (sign of an x-dependent argument). */
export class NotDifferentiableError extends Error {
  override name = "NotDifferentiableError";
}

const num = (value: number): FormulaNode => ({ kind: "number", value });
const ZERO = num(0);
const ONE = num(1);
const isNumber = (n: FormulaNode, v?: number): boolean =>
  n.kind === "number" && (v === undefined || n.value === v);

function neg(a: FormulaNode): FormulaNode {
  if (a.kind === "number" && a.name === undefined) return num(-a.value);
  if (a.kind === "neg") return a.arg;
  return { kind: "neg", arg: a };
}
function add(a: FormulaNode, b: FormulaNode): FormulaNode {
  if (isNumber(a, 0)) return b;
  if (isNumber(b, 0)) return a;
  if (b.kind === "neg") return { kind: "binary", op: "-", left: a, right: b.arg };
  return { kind: "binary", op: "+", left: a, right: b };
}
function sub(a: FormulaNode, b: FormulaNode): FormulaNode {
  if (isNumber(b, 0)) return a;
  if (isNumber(a, 0)) return neg(b);
  return { kind: "binary", op: "-", left: a, right: b };
}
function mul(a: FormulaNode, b: FormulaNode): FormulaNode {
  if (isNumber(a, 0) || isNumber(b, 0)) return ZERO;
  if (isNumber(a, 1)) return b;
  if (isNumber(b, 1)) return a;
  if (isNumber(a, -1)) return neg(b);
  if (isNumber(b, -1)) return neg(a);
  if (a.kind === "number" && b.kind === "number" && a.name === undefined && b.name === undefined)
    return num(a.value * b.value);
  if (a.kind === "neg") return neg(mul(a.arg, b));
  if (b.kind === "neg") return neg(mul(a, b.arg));
  return { kind: "binary", op: "*", left: a, right: b };
}
function div(a: FormulaNode, b: FormulaNode): FormulaNode {
  if (isNumber(a, 0)) return ZERO;
  if (isNumber(b, 1)) return a;
  if (a.kind === "neg") return neg(div(a.arg, b));
  return { kind: "binary", op: "/", left: a, right: b };
}
function pow(a: FormulaNode, b: FormulaNode): FormulaNode {
  if (isNumber(b, 1)) return a;
  return { kind: "binary", op: "^", left: a, right: b };
}
const fn = (name: FunctionName, ...args: FormulaNode[]): FormulaNode => ({ kind: "call", name, args });

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * The derivative d/dx of a tree, as a tree (simplified for 0, 1 and numeric products). Throws
 * NotDifferentiableError when the formula applies sign to an argument depending on x (its derivative
 * is a Dirac delta: the caller falls back to finite differences and jump detection, as before).
 * Kinks: d|u| = sign(u) u′ (0 at u = 0); d max/min is the derivative of the argument attaining it
 * (the mean over ties, the central difference's value at a kink).
 */
export function differentiate(node: FormulaNode): FormulaNode {
  if (!dependsOnX(node)) return ZERO;
  switch (node.kind) {
    case "number":
      return ZERO;
    case "x":
      return ONE;
    case "neg":
      return neg(differentiate(node.arg));
    case "binary": {
      const { left: a, right: b } = node;
      switch (node.op) {
        case "+":
          return add(differentiate(a), differentiate(b));
        case "-":
          return sub(differentiate(a), differentiate(b));
        case "*":
          if (!dependsOnX(a)) return mul(a, differentiate(b));
          if (!dependsOnX(b)) return mul(differentiate(a), b);
          return add(mul(differentiate(a), b), mul(a, differentiate(b)));
        case "/":
          if (!dependsOnX(b)) return div(differentiate(a), b);
          if (!dependsOnX(a)) return neg(mul(a, div(differentiate(b), pow(b, num(2)))));
          return div(sub(mul(differentiate(a), b), mul(a, differentiate(b))), pow(b, num(2)));
        case "^":
          return differentiatePower(node, a, b);
      }
      break;
    }
    case "call":
      return differentiateCall(node.name, node.args, node);
    case "pick":
      throw new NotDifferentiableError("second derivative of max/min");
  }
  throw new NotDifferentiableError("unknown node");
}

function differentiatePower(node: FormulaNode, a: FormulaNode, b: FormulaNode): FormulaNode {
  if (!dependsOnX(a)) {
    // c^f: c^f ln(c) f′ (0^f and 1^f are constant)
    if (isNumber(a, 0) || isNumber(a, 1)) return ZERO;
    const lnA = a.kind === "number" && a.name === "e" ? ONE : fn("log", a);
    return mul(node, mul(lnA, differentiate(b)));
  }
  if (!dependsOnX(b)) {
    // f^c: c f^(c−1) f′
    if (isNumber(b, 0)) return ZERO;
    if (isNumber(b, 1)) return differentiate(a);
    const exponent = b.kind === "number" ? num(b.value - 1) : sub(b, ONE);
    return mul(b, mul(differentiate(a), pow(a, exponent)));
  }
  // f^g: f^g (f′ g/f + g′ ln f)
  return mul(node, add(mul(differentiate(a), div(b, a)), mul(differentiate(b), fn("log", a))));
}

function differentiateCall(name: FunctionName, args: readonly FormulaNode[], node: FormulaNode): FormulaNode {
  const u = args[0];
  if (name === "max" || name === "min") {
    if (args.length === 1) return differentiate(u);
    return { kind: "pick", name, args, derivatives: args.map(differentiate) };
  }
  if (name === "pow")
    return differentiatePower({ kind: "binary", op: "^", left: u, right: args[1] }, u, args[1]);
  if ((name === "log" || name === "log1p") && args.length === 2) {
    const base = args[1];
    const inner = fn(name, u);
    if (dependsOnX(base)) return differentiate(div(inner, fn("log", base)));
    return div(differentiate(inner), fn("log", base));
  }
  if (name === "sign") throw new NotDifferentiableError("sign of an argument that depends on x");
  const du = differentiate(u);
  if (isNumber(du, 0)) return ZERO;
  switch (name) {
    case "abs":
      return mul(du, fn("sign", u));
    case "sqrt":
      return div(du, mul(num(2), node));
    case "cbrt":
      return div(du, mul(num(3), pow(node, num(2))));
    case "exp":
      return mul(du, node);
    case "expm1":
      return mul(du, fn("exp", u));
    case "log":
      return div(du, u);
    case "log1p":
      return div(du, add(ONE, u));
    case "log2":
      return div(du, mul(u, num(Math.LN2)));
    case "log10":
      return div(du, mul(u, num(Math.LN10)));
    case "sin":
      return mul(du, fn("cos", u));
    case "cos":
      return neg(mul(du, fn("sin", u)));
    case "tan":
      return div(du, pow(fn("cos", u), num(2)));
    case "sinh":
      return mul(du, fn("cosh", u));
    case "cosh":
      return mul(du, fn("sinh", u));
    case "tanh":
      return mul(du, pow(fn("sech", u), num(2)));
    case "sech":
      return neg(mul(du, mul(node, fn("tanh", u))));
    case "asinh":
      return div(du, fn("sqrt", add(pow(u, num(2)), ONE)));
    case "atan":
      return div(du, add(pow(u, num(2)), ONE));
    case "erf":
      return mul(du, mul(num(TWO_OVER_SQRT_PI), fn("exp", neg(pow(u, num(2))))));
  }
}

// ---------------------------------------------------------------------------------------------------
// Printing (fully parenthesised where precedence could be misread; for messages and tests)

export function formatFormula(node: FormulaNode): string {
  switch (node.kind) {
    case "number":
      return node.name ?? String(node.value);
    case "x":
      return "x";
    case "neg":
      return `-(${formatFormula(node.arg)})`;
    case "binary":
      return `(${formatFormula(node.left)} ${node.op} ${formatFormula(node.right)})`;
    case "call":
      return `${node.name}(${node.args.map(formatFormula).join(", ")})`;
    case "pick":
      return `d${node.name}(${node.args.map(formatFormula).join(", ")}; ${node.derivatives.map(formatFormula).join(", ")})`;
  }
}

/** Visits every node of a tree, parents before children (the order of mathjs's traverse). */
export function forEachNode(root: FormulaNode, visit: (node: FormulaNode) => void): void {
  visit(root);
  switch (root.kind) {
    case "neg":
      forEachNode(root.arg, visit);
      break;
    case "binary":
      forEachNode(root.left, visit);
      forEachNode(root.right, visit);
      break;
    case "call":
    case "pick":
      for (const a of root.args) forEachNode(a, visit);
      if (root.kind === "pick") for (const d of root.derivatives) forEachNode(d, visit);
      break;
  }
}
