import { invalidArgument, type MeanfieldError } from "@meanfield/linalg";
import {
  ALLOWED_FUNCTIONS,
  compileFormula,
  differentiate,
  type FormulaNode,
  FormulaSyntaxError,
  forEachNode,
  NotDifferentiableError,
  parseFormulaTree,
} from "./formula-parser.js";

/**
 * Safe parsing of a user activation g(x) from a formula string (theory/replica.md, "The activation through its Hermite expansion"; parsed safely, never eval).
 * The package's own recursive-descent parser (formula-parser.ts) accepts only numbers, the one
 * variable `x`, the constants pi and e, + - * / ^ (unary minus and plus too) and a whitelist of
 * elementary functions: no assignment, no function definition, no other names, no strings, matrices
 * or property access. It has no dependency and nothing to load, so the first formula is as fast as
 * any other (mathjs, which this replaces, took about half a second to load).
 */

let parsedOnce = false;

/**
 * True once a formula has been parsed in this process. Kept for compatibility with the time when the
 * parser (mathjs) was loaded on the first formula; the built-in parser has nothing to load.
 */
export function isFormulaParserLoaded(): boolean {
  return parsedOnce;
}

export interface ParsedFormula {
  /** The formula as given. */
  formula: string;
  /** g(x). */
  g: (x: number) => number;
  /**
   * g′(x) from the symbolic derivative, or undefined when the formula applies sign to an argument that
   * depends on x (a jump: its derivative is a Dirac delta; createActivation then detects the jump and
   * differentiates numerically where needed). At a kink the derivative of abs is 0 and that of max/min
   * the mean of the one-sided derivatives.
   */
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

/** Parses and checks a formula in x, and compiles it and its derivative to functions of x. */
export function parseFormula(formula: unknown): ParsedFormula {
  if (typeof formula !== "string" || formula.trim() === "")
    throw invalidArgument("activation.formula", "a non-empty formula string in x", formula);
  if (formula.length > 500) throw reject(formula, "at most 500 characters");
  let root: FormulaNode;
  try {
    root = parseFormulaTree(formula);
  } catch (e) {
    if (e instanceof FormulaSyntaxError) throw reject(formula, e.message);
    throw e;
  }
  parsedOnce = true;
  const g = compileFormula(root);
  let gPrime: ((x: number) => number) | undefined;
  try {
    gPrime = compileFormula(differentiate(root));
  } catch (e) {
    if (!(e instanceof NotDifferentiableError)) throw e;
    gPrime = undefined;
  }
  return { formula, g, gPrime, nonSmoothArguments: nonSmoothArguments(root) };
}

const KINK_FUNCTIONS = new Set(["abs", "sign", "sqrt", "cbrt", "log", "log2", "log10"]);

function isIntegerConstant(node: FormulaNode): boolean {
  if (node.kind === "neg") return isIntegerConstant(node.arg);
  return node.kind === "number" && Number.isInteger(node.value);
}

function nonSmoothArguments(root: FormulaNode): ((x: number) => number)[] {
  const out: ((x: number) => number)[] = [];
  forEachNode(root, (node) => {
    if (node.kind === "call") {
      const { name, args } = node;
      if (KINK_FUNCTIONS.has(name)) out.push(compileFormula(args[0]));
      else if (name === "log1p" && args.length === 1) {
        const a = compileFormula(args[0]);
        out.push((x) => a(x) + 1);
      } else if ((name === "max" || name === "min") && args.length >= 2) {
        const ev = args.map(compileFormula);
        for (let i = 0; i < ev.length; i++)
          for (let j = i + 1; j < ev.length; j++) {
            const a = ev[i];
            const b = ev[j];
            out.push((x) => a(x) - b(x));
          }
      } else if (name === "pow" && !isIntegerConstant(args[1])) out.push(compileFormula(args[0]));
    } else if (node.kind === "binary" && node.op === "^" && !isIntegerConstant(node.right))
      out.push(compileFormula(node.left));
  });
  return out;
}
