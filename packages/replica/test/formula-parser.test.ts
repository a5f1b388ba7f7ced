import { readFileSync } from "node:fs";
import { MeanfieldError } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import { ALLOWED_FUNCTIONS, differentiate, formatFormula, parseFormulaTree } from "../src/formula-parser.js";
import { alphaC, alphaPSB, createActivation, parseFormula } from "../src/index.js";

const POINTS = [-2.7, -1.3, -0.45, 0, 0.3, 1, 1.9, 3.2];
// Reference values (ERF1, expm1(1e-10)):
// packages/replica/scripts/reference-values.py (section "formula-parser.test.ts")
const ERF1 = 0.8427007929497149; // erf(1), mpmath

/** Formula → g(x) written out by hand in JavaScript (no parser involved). */
const VALUES: Array<[string, (x: number) => number]> = [
  // precedence and associativity
  ["1 + 2 * 3", () => 7],
  ["(1 + 2) * 3", () => 9],
  ["x - 1 - 2", (x) => x - 3],
  ["x - (1 - 2)", (x) => x + 1],
  ["x / 2 / 4", (x) => x / 8],
  ["x / (2 / 4)", (x) => x * 2],
  ["2 * x / 4 * 3", (x) => ((2 * x) / 4) * 3],
  ["2^3^2", () => 512],
  ["(2^3)^2", () => 64],
  ["2^-1", () => 0.5],
  ["2^-1^2", () => 0.5], // 2^(-(1^2))
  ["-x^2", (x) => -(x * x)],
  ["(-x)^2", (x) => x * x],
  ["-2^2", () => -4],
  ["2*x^2", (x) => 2 * x * x],
  ["x^2*3", (x) => 3 * x * x],
  ["1 + x^2/2 - x^3/6", (x) => 1 + (x * x) / 2 - (x * x * x) / 6],
  ["--x", (x) => x],
  ["+x", (x) => x],
  ["+-x", (x) => -x],
  ["-(-(x))", (x) => x],
  ["x * -2", (x) => -2 * x],
  ["x - -2", (x) => x + 2],
  ["2^x^2", (x) => 2 ** (x * x)],
  ["x^2^-1", (x) => Math.abs(x) ** 0.5 * (x < 0 ? Number.NaN : 1)],
  // numbers and constants
  ["1e-3*x", (x) => 1e-3 * x],
  ["2.5E+2", () => 250],
  [".5*x", (x) => 0.5 * x],
  ["5.*x", (x) => 5 * x],
  ["pi", () => Math.PI],
  ["e", () => Math.E],
  ["e^x", (x) => Math.E ** x],
  ["2*pi*x", (x) => 2 * Math.PI * x],
  ["  x\t+\n1  ", (x) => x + 1],
  // every function
  ["abs(x - 0.3)", (x) => Math.abs(x - 0.3)],
  ["sign(x - 0.3)", (x) => Math.sign(x - 0.3)],
  ["sign(0)", () => 0],
  ["sqrt(x^2 + 1)", (x) => Math.sqrt(x * x + 1)],
  ["sqrt(4)", () => 2],
  ["cbrt(-8)", () => -2],
  ["cbrt(x)", (x) => Math.cbrt(x)],
  ["exp(x)", (x) => Math.exp(x)],
  ["expm1(1e-10)", () => 1.00000000005e-10],
  ["log(e)", () => 1],
  ["log(1 + x^2)", (x) => Math.log(1 + x * x)],
  ["log(8, 2)", () => 3],
  ["log1p(e - 1)", () => 1],
  ["log1p(7, 2)", () => 3],
  ["log2(8)", () => 3],
  ["log10(1000)", () => 3],
  ["sin(pi/2)", () => 1],
  ["cos(0)", () => 1],
  ["tan(x/4)", (x) => Math.tan(x / 4)],
  ["sinh(x)", (x) => Math.sinh(x)],
  ["cosh(x)", (x) => Math.cosh(x)],
  ["tanh(x)", (x) => Math.tanh(x)],
  ["sech(0)", () => 1],
  ["sech(x)", (x) => 1 / Math.cosh(x)],
  ["asinh(x)", (x) => Math.asinh(x)],
  ["atan(1)", () => Math.PI / 4],
  ["erf(0)", () => 0],
  ["erf(1)", () => ERF1],
  ["erf(-1)", () => -ERF1],
  ["max(x, 0)", (x) => Math.max(x, 0)],
  ["max(3)", () => 3],
  ["max(x, -1, 0.5*x^2)", (x) => Math.max(x, -1, 0.5 * x * x)],
  ["min(max(x, -1), 1)", (x) => Math.min(Math.max(x, -1), 1)],
  ["min(1, 2, x)", (x) => Math.min(1, 2, x)],
  ["pow(2, 10)", () => 1024],
  ["pow(x, 3) - x", (x) => x ** 3 - x],
  ["x*tanh(x)", (x) => x * Math.tanh(x)],
  ["1/(1 + exp(-x))", (x) => 1 / (1 + Math.exp(-x))],
  // real arithmetic as in mathjs's real results: NaN outside the domain, ±Infinity at poles
  ["sqrt(-1)", () => Number.NaN],
  ["log(-1)", () => Number.NaN],
  ["(-8)^(1/3)", () => Number.NaN],
  ["1/0", () => Number.POSITIVE_INFINITY],
  ["log(0)", () => Number.NEGATIVE_INFINITY],
];

const close = (a: number, b: number, tol: number) =>
  (Number.isNaN(a) && Number.isNaN(b)) || a === b || Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

describe("formula parser: evaluation against hand-computed values", () => {
  it.each(VALUES)("%s", (formula, expected) => {
    const { g } = parseFormula(formula);
    for (const x of POINTS) {
      const got = g(x);
      const want = expected(x);
      if (!close(got, want, 1e-14)) expect.fail(`${formula} at x = ${x}: got ${got}, want ${want}`);
    }
  });

  it("parses with mathjs's precedence: ^ right-associative and tighter than unary minus", () => {
    expect(formatFormula(parseFormulaTree("-x^2"))).toBe("-((x ^ 2))");
    expect(formatFormula(parseFormulaTree("2^3^2"))).toBe("(2 ^ (3 ^ 2))");
    expect(formatFormula(parseFormulaTree("2^-x^2"))).toBe("(2 ^ -((x ^ 2)))");
    expect(formatFormula(parseFormulaTree("x - 1 - 2"))).toBe("((x - 1) - 2)");
    expect(formatFormula(parseFormulaTree("1 + 2*x/3"))).toBe("(1 + ((2 * x) / 3))");
    expect(formatFormula(parseFormulaTree("max(x, pi, e)"))).toBe("max(x, pi, e)");
  });

  it("lists the same 23 whitelisted functions as before (mathjs's whitelist)", () => {
    expect(ALLOWED_FUNCTIONS).toEqual(
      "abs sign sqrt cbrt exp expm1 log log1p log2 log10 sin cos tan sinh cosh tanh sech asinh atan erf max min pow".split(
        " ",
      ),
    );
  });
});

/** Five-point central difference, h = 1e-3: truncation ~ h⁴ g⁽⁵⁾/30, rounding ~ ε|g|/h. */
function centralDifference(g: (x: number) => number, x: number): number {
  const h = 1e-3;
  return (8 * (g(x + h) - g(x - h)) - (g(x + 2 * h) - g(x - 2 * h))) / (12 * h);
}

/** Formula, the points where g is not differentiable (or the difference stencil unusable), and a domain. */
const DERIVATIVES: Array<[string, number[], ((x: number) => boolean)?]> = [
  ["x^3 - 2*x", []],
  ["-x^2", []],
  ["x^x", [], (x) => x > 0.2],
  ["2^x", []],
  ["pow(2, x)", []],
  ["e^(-x^2/2)", []],
  ["x^(1/3)", [], (x) => x > 0.2],
  ["x^-2", [], (x) => Math.abs(x) > 0.3],
  ["x^2^-1", [], (x) => x > 0.2],
  ["(x^2 + 1)^(x/3)", []],
  ["x/(1 + x^2)", []],
  ["3/(x^2 + 1)", []],
  ["(x^2 + 1)/3", []],
  ["x*tanh(x)", []],
  ["1/(1 + exp(-x))", []],
  ["log(1 + exp(x))", []],
  ["abs(x - 0.3)", [0.3]],
  ["abs(sin(x))", [0, Math.PI, -Math.PI]],
  ["sqrt(x^2 + 1)", []],
  ["sqrt(x)", [], (x) => x > 0.2],
  ["cbrt(x)", [], (x) => Math.abs(x) > 0.2],
  ["exp(sin(x))", []],
  ["expm1(x/3)", []],
  ["log(1 + x^2)", []],
  ["log(x^2 + 1, 3)", []],
  ["log(x^2 + 2, x^2 + 3)", []],
  ["log1p(x^2)", []],
  ["log1p(x^2, 10)", []],
  ["log2(x^2 + 1)", []],
  ["log10(x^2 + 1)", []],
  ["sin(2*x)", []],
  ["cos(x^2)", []],
  ["tan(x/2)", [], (x) => Math.abs(x) < 2.5],
  ["sinh(x/2)", []],
  ["cosh(x/2)", []],
  ["tanh(2*x)", []],
  ["sech(x)", []],
  ["asinh(3*x)", []],
  ["atan(x^3)", []],
  ["erf(x/sqrt(2))", []],
  ["x*erf(x)", []],
  ["max(x, 0)", [0]],
  ["max(x - 0.7, 0)^2", [0.7]],
  ["min(max(x, -1), 1)", [-1, 1]],
  ["max(x, 0.5*x^2, -1)", [0, 2]],
  ["min(sin(x), cos(x))", [Math.PI / 4, (-3 * Math.PI) / 4]],
  ["max(x)", []],
  ["sign(2)*x + sign(-pi)", []],
  ["pow(x^2 + 1, 1.5)", []],
  ["x^2*sin(1/(1 + x^2))", []],
];

describe("formula parser: symbolic derivatives against central differences", () => {
  it.each(DERIVATIVES)("%s", (formula, kinks, domain) => {
    const { g, gPrime } = parseFormula(formula);
    expect(gPrime).toBeDefined();
    const d = gPrime as (x: number) => number;
    let checked = 0;
    for (let x = -3.01; x <= 3.01; x += 0.0731) {
      if (kinks.some((k) => Math.abs(x - k) < 0.01)) continue;
      if (domain && !(domain(x - 0.002) && domain(x + 0.002))) continue;
      const want = centralDifference(g, x);
      const got = d(x);
      if (!close(got, want, 1e-8)) expect.fail(`${formula} at x = ${x}: g′ = ${got}, difference ${want}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("gives readable simplified derivatives", () => {
    const d = (f: string) => formatFormula(differentiate(parseFormulaTree(f)));
    expect(d("x^2")).toBe("(2 * x)");
    expect(d("3*x + 1")).toBe("3");
    expect(d("sin(x)")).toBe("cos(x)");
    expect(d("exp(2*x)")).toBe("(2 * exp((2 * x)))");
    expect(d("-cos(x)")).toBe("sin(x)");
    expect(d("abs(x)")).toBe("sign(x)");
    expect(d("7")).toBe("0");
    expect(d("sign(2) * x")).toBe("sign(2)");
  });

  it("kinks: d|u| = 0 at u = 0, d max/min = the mean of the one-sided derivatives at a tie", () => {
    const at0 = (f: string) => (parseFormula(f).gPrime as (x: number) => number)(0);
    expect(at0("abs(x)")).toBe(0);
    expect(at0("max(x, 0)")).toBe(0.5);
    expect(at0("min(x, 0)")).toBe(0.5);
    expect(at0("max(2*x, -x)")).toBe(0.5);
    expect(at0("max(x, 0, 2*x)")).toBe(1);
    expect((parseFormula("max(x, 0)").gPrime as (x: number) => number)(-1e-300)).toBe(0);
    expect((parseFormula("max(x, 0)").gPrime as (x: number) => number)(1e-300)).toBe(1);
  });

  it("a jump (sign of an argument depending on x) has no derivative: undefined, as with mathjs", () => {
    expect(parseFormula("sign(x)").gPrime).toBeUndefined();
    expect(parseFormula("sign(x - 0.3)").gPrime).toBeUndefined();
    expect(parseFormula("x * sign(x)").gPrime).toBeUndefined();
    expect(parseFormula("x + sign(pi - 3)").gPrime).toBeDefined();
  });
});

describe("formula parser: non-smooth points read off the tree", () => {
  it.each([
    ["tanh(x)", 0],
    ["x^2", 0],
    ["x^-2", 0],
    ["x^(2)", 0],
    ["x^0.5", 1],
    ["x^(4/2)", 1], // not an integer constant as written, as with mathjs
    ["pow(x, 1/3)", 1],
    ["abs(x) + sign(x - 1)", 2],
    ["max(x, 0, -1)", 3],
    ["min(max(x, -1), 1)", 2],
    ["sqrt(x^2 + 1) + cbrt(x) + log(x^2) + log2(x^2) + log10(x^2) + log(x^2, 3)", 6],
    ["log1p(x^2)", 1],
  ])("%s has %i candidate arguments", (formula, n) => {
    expect(parseFormula(formula).nonSmoothArguments).toHaveLength(n);
  });

  it("the candidate functions vanish at the kinks", () => {
    const [a, b] = parseFormula("max(x - 0.7, 0) + log1p(x)").nonSmoothArguments;
    expect(a(0.7)).toBe(0);
    expect(b(-1)).toBe(0);
  });
});

const REJECTED: Array<[string, RegExp]> = [
  ["import('fs')", /function 'import' is not allowed/],
  ["createUnit('foo')", /function 'createUnit' is not allowed/],
  ["evaluate('1+1')", /function 'evaluate' is not allowed/],
  ["toString(x)", /function 'toString' is not allowed/],
  ["constructor", /unknown symbol 'constructor'/],
  ["__proto__", /unknown symbol '__proto__'/],
  ["x => process.exit(7)", /'='/],
  ["process.exit(7)", /'\.' is not allowed/],
  ["y + 1", /unknown symbol 'y' \(char 1\)/],
  ["x + Infinity", /unknown symbol 'Infinity'/],
  ["PI*x", /unknown symbol 'PI'/],
  ["x = 2", /assignment/],
  ["f(x) = x", /function 'f' is not allowed/],
  ["x == 1", /comparison/],
  ["x.y", /'\.' is not allowed/],
  ["x[1]", /matrices/],
  ["[x, x]", /matrices/],
  ["{a: x}", /objects/],
  ["'abc'", /strings are not allowed/],
  ['"x"', /strings are not allowed/],
  ["x +", /unexpected end of formula \(char 4\)/],
  ["*x", /value expected before '\*' \(char 1\)/],
  ["x +* 2", /value expected before '\*' \(char 4\)/],
  ["(x", /parenthesis \) expected/],
  ["((x)", /parenthesis \) expected/],
  ["x)", /unbalanced '\)'/],
  ["sin(x", /parenthesis \) expected/],
  ["sin(x, 2)", /'sin' takes 1 argument, got 2/],
  ["sin()", /'sin' takes 1 argument, got 0/],
  ["pow(x)", /'pow' takes 2 arguments/],
  ["log(x, 2, 3)", /'log' takes 1 or 2 arguments/],
  ["max()", /'max' takes at least 1 argument/],
  ["()", /value expected/],
  ["x, 2", /unexpected ','/],
  ["sin x", /functions take their arguments in parentheses/],
  ["tanh", /functions take their arguments in parentheses/],
  ["2x", /implicit multiplication is not supported/],
  ["2 x", /implicit multiplication/],
  ["2(x + 1)", /implicit multiplication/],
  ["(x)(x)", /implicit multiplication/],
  ["x(2)", /function 'x' is not allowed/],
  ["x^2 + 1e", /implicit multiplication/],
  ["0x10*x", /unknown symbol 'x10'/],
  ["x mod 2", /unknown symbol 'mod'/],
  ["x % 2", /operator '%'/],
  ["x!", /operator '!'/],
  ["x > 0", /operator '>'/],
  ["x ? 1 : 2", /operator '\?'/],
  ["x & 1", /operator '&'/],
  ["~x", /operator '~'/],
  ["x # comment", /operator '#'/],
  ["x; 1", /only one expression/],
  ["x**2", /'\*\*' is not an operator/],
  ["x^^2", /value expected/],
  ["1.2.3", /malformed number/],
  ["π*x", /unexpected character "π"/],
  ["x₁", /unexpected character/],
  ["@x", /unexpected character "@" \(char 1\)/],
  ["", /non-empty formula/],
  ["   ", /non-empty formula/],
  ["x".padEnd(501, " "), /at most 500 characters/],
];

describe("formula parser: everything outside the whitelist is refused, naming activation.formula", () => {
  it.each(REJECTED)("%j", (formula, why) => {
    try {
      parseFormula(formula);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MeanfieldError);
      expect((e as MeanfieldError).parameter).toBe("activation.formula");
      expect((e as MeanfieldError).code).toBe("INVALID_ARGUMENT");
      expect((e as Error).message).toMatch(why);
    }
  });

  it("the message lists the grammar", () => {
    expect(() => parseFormula("y")).toThrow(
      /activation\.formula must be an expression in the one variable x using numbers, pi, e, \+ - \* \/ \^ and the functions abs, sign, .*, pow \(unknown symbol 'y' \(char 1\)\); got "y"/,
    );
  });

  it.each([[42], [null], [undefined], [{ formula: "x" }]])("a non-string %j", (v) => {
    expect(() => parseFormula(v)).toThrow(/activation\.formula must be a non-empty formula string in x/);
  });

  it("a 100 kB formula is refused at once; the worst 500-character formulas parse, differentiate and run fast", () => {
    const t0 = performance.now();
    for (const big of ["x+".repeat(50_000), "(".repeat(100_000), "'".repeat(100_000)])
      expect(() => parseFormula(big)).toThrow(/at most 500 characters/);
    expect(performance.now() - t0).toBeLessThan(50);
    const worst = [
      `${"(".repeat(249)}x${")".repeat(249)}`,
      `${"-".repeat(499)}x`,
      `x${"^x".repeat(249)}`,
      `${"tanh(".repeat(80)}x${")".repeat(80)}`,
      `${"max(".repeat(62)}x${",x)".repeat(62)}`,
    ];
    for (const f of worst) {
      expect(f.length).toBeLessThanOrEqual(500);
      const t = performance.now();
      const p = parseFormula(f);
      for (let x = 0.9; x < 1.1; x += 0.01) {
        p.g(x);
        p.gPrime?.(x);
      }
      expect(performance.now() - t).toBeLessThan(500);
    }
  });

  it("never evaluates code: the parser has no eval, Function or dynamic import", () => {
    for (const file of ["../src/formula-parser.ts", "../src/formula.ts"]) {
      const src = readFileSync(new URL(file, import.meta.url), "utf8");
      expect(src).not.toMatch(/\beval\s*\(|new Function|Function\s*\(|import\s*\(|require\s*\(/);
    }
  });
});

describe("formula twin of a smooth built-in in the exact finite-K theory", () => {
  it("log(1 + exp(x)) = softplus at K = 2 (same samples; g″ by difference against the closed form): within 1e-6", () => {
    const fast = { samples: 4000, searchSamples: 600 };
    const a = alphaC({ activation: { formula: "log(1 + exp(x))" }, K: 2 }, fast);
    const b = alphaC({ activation: "softplus", K: 2 }, fast);
    expect(a.method).toBe("exact-rs-finite-k");
    expect(Math.abs((a.alphaC as number) / (b.alphaC as number) - 1)).toBeLessThan(1e-6);
  }, 60_000);
});

describe("formula twins of built-ins: the same capacities", () => {
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
  it.each([
    ["max(x, 0)", "relu"],
    ["tanh(x)", "tanh"],
    ["erf(x)", "erf"],
    ["1/(1 + exp(-x))", "sigmoid"],
    ["log(1 + exp(x))", "softplus"],
    ["x^2", "quadratic"],
  ] as const)(
    "%s = %s at K = 1, 4, ∞ and alpha_PSB",
    (formula, builtin) => {
      const f = createActivation({ formula });
      const b = createActivation(builtin);
      expect(rel(f.gPrime2, b.gPrime2)).toBeLessThan(1e-9);
      expect(rel(f.variance, b.variance)).toBeLessThan(1e-9);
      for (const K of [1, 4, Number.POSITIVE_INFINITY]) {
        // the exact finite-K Monte Carlo for ReLU; smooth g: the Gaussian-equivalent value (the Hermite machinery
        // is what the twins test; the exact smooth theory is compared below)
        const fast =
          builtin === "relu"
            ? { samples: 5000, searchSamples: 1000 }
            : ({ finiteKMethod: "gaussian-equivalent" } as const);
        const a = alphaC({ activation: { formula }, K }, fast).alphaC as number;
        const c = alphaC({ activation: builtin, K }, fast).alphaC as number;
        expect(rel(a, c)).toBeLessThan(1e-7);
      }
      const p = alphaPSB({ activation: { formula } }).alphaPSB;
      const q = alphaPSB({ activation: builtin }).alphaPSB;
      if (q === null) expect(p).toBeNull();
      else expect(rel(p as number, q as number)).toBeLessThan(1e-6);
    },
    30_000,
  );

  it("the derivative of a formula is exact where mathjs had none (erf, max): E g′² to 1e-13", () => {
    expect(rel(createActivation({ formula: "erf(x)" }).gPrime2, 4 / (Math.PI * Math.sqrt(5)))).toBeLessThan(
      1e-13,
    );
    expect(rel(createActivation({ formula: "max(x, 0)" }).gPrime2, 0.5)).toBeLessThan(1e-13);
  });
});
