import { createRequire } from "node:module";
import { invalidArgument, type MeanfieldError } from "@meanfield/linalg";
import type { MathNode } from "mathjs";

/**
 * mathjs takes about a second to load, so it is loaded on the first formula only (never at
 * `import("@meanfield/replica")`): synchronously, through `createRequire` (mathjs ships a CommonJS
 * build), which keeps `parseFormula` and `createActivation({ formula })` synchronous.
 */
type MathJs = Pick<typeof import("mathjs"), "parse" | "derivative">;
let mathjsModule: MathJs | undefined;
function mathjs(): MathJs {
  if (mathjsModule === undefined) mathjsModule = createRequire(import.meta.url)("mathjs") as MathJs;
  return mathjsModule;
}

/** True once a formula has been parsed (mathjs is loaded); for tests of the lazy loading. */
export function isFormulaParserLoaded(): boolean {
  return mathjsModule !== undefined;
}

/**
 * Safe parsing of a user activation g(x) from a formula string (theory/replica.md, "The activation through its Hermite expansion"; parsed safely, never eval).
 * The expression tree from mathjs's parser is walked before compiling, and only numbers, the one
 * variable `x`, the constants pi and e, arithmetic operators and a whitelist of elementary functions
 * are accepted: no assignment, no function definition, no access to `import`, `createUnit`,
 * `evaluate` or any other mathjs function, no units, matrices, strings or property access.
 */

const ALLOWED_FUNCTIONS = [
  "abs",
  "sign",
  "sqrt",
  "cbrt",
  "exp",
  "expm1",
  "log",
  "log1p",
  "log2",
  "log10",
  "sin",
  "cos",
  "tan",
  "sinh",
  "cosh",
  "tanh",
  "sech",
  "asinh",
  "atan",
  "erf",
  "max",
  "min",
  "pow",
] as const;

const ALLOWED_OPERATORS = new Set(["+", "-", "*", "/", "^", "unaryMinus", "unaryPlus"]);
const ALLOWED_SYMBOLS = new Set(["x", "pi", "e"]);

export interface ParsedFormula {
  /** The formula as given. */
  formula: string;
  /** g(x). */
  g: (x: number) => number;
  /** g′(x) from mathjs's symbolic derivative, or undefined when mathjs cannot differentiate it (max, abs …). */
  gPrime: ((x: number) => number) | undefined;
  /**
   * Functions of x whose zeros are the candidate non-smooth points of g, read off the tree: the
   * arguments of abs and sign, the pairwise differences of the arguments of max and min, the arguments
   * of sqrt, cbrt and the logarithms, and the base of a power whose exponent is not an integer constant.
   */
  nonSmoothArguments: ((x: number) => number)[];
}

function reject(formula: string, why: string): MeanfieldError {
  return invalidArgument(
    "activation.formula",
    `an expression in the one variable x using numbers, pi, e, + - * / ^ and the functions ${ALLOWED_FUNCTIONS.join(", ")} (${why})`,
    formula,
  );
}

function checkTree(root: MathNode, formula: string): void {
  root.traverse((node: MathNode, _path: string, parent: MathNode | null) => {
    const n = node as MathNode & { name?: string; op?: string; fn?: unknown; value?: unknown };
    switch (node.type) {
      case "ConstantNode":
        if (typeof n.value !== "number") throw reject(formula, "only numeric constants are allowed");
        return;
      case "ParenthesisNode":
        return;
      case "OperatorNode":
        if (!ALLOWED_OPERATORS.has(String((n as { fn?: string }).fn)) && !ALLOWED_OPERATORS.has(String(n.op)))
          throw reject(formula, `operator '${n.op}' is not allowed`);
        return;
      case "FunctionNode": {
        const fnNode = (n as unknown as { fn: { type: string; name?: string } }).fn;
        if (
          fnNode.type !== "SymbolNode" ||
          !(ALLOWED_FUNCTIONS as readonly string[]).includes(String(fnNode.name))
        )
          throw reject(formula, `function '${fnNode.name ?? "?"}' is not allowed`);
        return;
      }
      case "SymbolNode": {
        // A SymbolNode that is the callee of a FunctionNode was checked above.
        const p = parent as (MathNode & { fn?: unknown }) | null;
        if (p && p.type === "FunctionNode" && p.fn === node) return;
        if (!ALLOWED_SYMBOLS.has(String(n.name))) throw reject(formula, `unknown symbol '${n.name}'`);
        return;
      }
      default:
        throw reject(formula, `${node.type} is not allowed`);
    }
  });
}

/** Parses and checks a formula in x, and compiles it (and, when possible, its derivative) to numbers. */
export function parseFormula(formula: unknown): ParsedFormula {
  if (typeof formula !== "string" || formula.trim() === "")
    throw invalidArgument("activation.formula", "a non-empty formula string in x", formula);
  if (formula.length > 500) throw reject(formula, "at most 500 characters");
  let root: MathNode;
  try {
    root = mathjs().parse(formula);
  } catch (e) {
    throw reject(formula, `parse error: ${(e as Error).message}`);
  }
  checkTree(root, formula);
  const compiled = root.compile();
  const scope = new Map<string, number>();
  const g = (x: number): number => {
    scope.set("x", x);
    const v = compiled.evaluate(scope);
    return typeof v === "number" ? v : Number.NaN;
  };
  let gPrime: ((x: number) => number) | undefined;
  try {
    const d = mathjs().derivative(root, "x").compile();
    const dScope = new Map<string, number>();
    gPrime = (x: number): number => {
      dScope.set("x", x);
      const v = d.evaluate(dScope);
      return typeof v === "number" ? v : Number.NaN;
    };
  } catch {
    gPrime = undefined;
  }
  return { formula, g, gPrime, nonSmoothArguments: nonSmoothArguments(root) };
}

const KINK_FUNCTIONS = new Set(["abs", "sign", "sqrt", "cbrt", "log", "log2", "log10"]);

function evaluator(node: MathNode): (x: number) => number {
  const c = node.compile();
  const scope = new Map<string, number>();
  return (x: number) => {
    scope.set("x", x);
    const v = c.evaluate(scope);
    return typeof v === "number" ? v : Number.NaN;
  };
}

function isIntegerConstant(node: MathNode): boolean {
  let n = node as MathNode & { value?: unknown; fn?: unknown; args?: MathNode[]; content?: MathNode };
  while (n.type === "ParenthesisNode" && n.content) n = n.content as typeof n;
  if (n.type === "OperatorNode" && (n.fn === "unaryMinus" || n.fn === "unaryPlus") && n.args)
    return isIntegerConstant(n.args[0]);
  return n.type === "ConstantNode" && typeof n.value === "number" && Number.isInteger(n.value);
}

function nonSmoothArguments(root: MathNode): ((x: number) => number)[] {
  const out: ((x: number) => number)[] = [];
  root.traverse((node: MathNode) => {
    const n = node as MathNode & { fn?: unknown; args?: MathNode[] };
    const args = n.args ?? [];
    if (node.type === "FunctionNode") {
      const name = String((n.fn as { name?: string }).name);
      if (KINK_FUNCTIONS.has(name) && args.length >= 1) out.push(evaluator(args[0]));
      else if (name === "log1p" && args.length === 1) {
        const a = evaluator(args[0]);
        out.push((x) => a(x) + 1);
      } else if ((name === "max" || name === "min") && args.length >= 2) {
        const ev = args.map(evaluator);
        for (let i = 0; i < ev.length; i++)
          for (let j = i + 1; j < ev.length; j++) {
            const a = ev[i];
            const b = ev[j];
            out.push((x) => a(x) - b(x));
          }
      } else if (name === "pow" && args.length === 2 && !isIntegerConstant(args[1]))
        out.push(evaluator(args[0]));
    } else if (
      node.type === "OperatorNode" &&
      n.fn === "pow" &&
      args.length === 2 &&
      !isIntegerConstant(args[1])
    )
      out.push(evaluator(args[0]));
  });
  return out;
}
