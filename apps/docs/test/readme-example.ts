// The "## Example" block of a package README, turned into a module that runs it and records the value
// of every line that states its result in a comment (readme-examples.test.ts compares them).
//
// A value comment follows a complete statement on its line, `EXPR; // VALUE …` or
// `console.log(EXPR); // VALUE …` (one argument), and starts with a value: a number (`−` allowed; a
// trailing `…` means truncated digits), a string literal, true, false, null, an array `[…]` of values
// or an object `{ key: value, …, ... }` listing some of the result's fields (`...` stands for the
// rest). Anything after the value is commentary. Other comments are not checks.

export type Expected =
  | { kind: "number"; value: number; text: string; truncated: boolean }
  | { kind: "literal"; value: string | boolean | null }
  | { kind: "array"; items: Expected[] }
  | { kind: "object"; entries: [string, Expected][] };

export interface ValueCheck {
  /** 1-based line within the example block. */
  line: number;
  expr: string;
  /** Whether the line prints the value (`console.log(EXPR);`). */
  logged: boolean;
  expected: Expected;
  comment: string;
}

/** The first ```js block after the README's "## Example" heading. */
export function exampleBlock(readme: string): string | undefined {
  const m = /^## Example\s*\n+```js\n([\s\S]*?)^```/m.exec(readme);
  return m?.[1];
}

class Reader {
  constructor(
    private readonly s: string,
    public i = 0,
  ) {}
  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }
  peek(): string {
    return this.s[this.i] ?? "";
  }
  startsWith(t: string): boolean {
    return this.s.startsWith(t, this.i);
  }
  take(re: RegExp): string | undefined {
    const sticky = new RegExp(re.source, `${re.flags}y`); // matches at this.i only
    sticky.lastIndex = this.i;
    const m = sticky.exec(this.s);
    if (m === null) return undefined;
    this.i += m[0].length;
    return m[0];
  }
}

function readValue(r: Reader): Expected | undefined {
  r.ws();
  const c = r.peek();
  if (c === '"') {
    const t = r.take(/"(?:[^"\\]|\\.)*"/);
    return t === undefined ? undefined : { kind: "literal", value: JSON.parse(t) as string };
  }
  if (c === "[") {
    r.i++;
    const items: Expected[] = [];
    for (;;) {
      r.ws();
      if (r.peek() === "]") {
        r.i++;
        return { kind: "array", items };
      }
      const v = readValue(r);
      if (!v) return undefined;
      items.push(v);
      r.ws();
      if (r.peek() === ",") r.i++;
      else if (r.peek() !== "]") return undefined;
    }
  }
  if (c === "{") {
    r.i++;
    const entries: [string, Expected][] = [];
    for (;;) {
      r.ws();
      if (r.peek() === "}") {
        r.i++;
        return { kind: "object", entries };
      }
      if (r.startsWith("...")) {
        r.i += 3;
      } else {
        const key = r.take(/[A-Za-z_$][\w$]*/);
        r.ws();
        if (!key || r.peek() !== ":") return undefined;
        r.i++;
        const v = readValue(r);
        if (!v) return undefined;
        entries.push([key, v]);
      }
      r.ws();
      if (r.peek() === ",") r.i++;
      else if (r.peek() !== "}") return undefined;
    }
  }
  const word = r.take(/(true|false|null)(?![\w$])/);
  if (word !== undefined) return { kind: "literal", value: word === "null" ? null : word === "true" };
  const num = r.take(/[-−]?\d+(\.\d+)?(e[-+]?\d+)?…?(?![\w$.])/i);
  if (num !== undefined) {
    const truncated = num.endsWith("…");
    const text = num.replace("−", "-").replace("…", "");
    return { kind: "number", value: Number(text), text, truncated };
  }
  return undefined;
}

/** The value a comment starts with, or undefined when it does not start with one. */
export function parseExpected(comment: string): Expected | undefined {
  const r = new Reader(comment);
  const v = readValue(r);
  if (!v) return undefined;
  // a value ends the comment or is followed by commentary after a space or punctuation
  const next = comment[r.i] ?? "";
  return next === "" || /[\s(,;]/.test(next) ? v : undefined;
}

/**
 * Half a unit in the last digit shown (one unit when truncated), never below 1e-15 relative. A whole number
 * written without a decimal point or an exponent (`1`, `-1`, `0`) states an exact value: it is held to 1e-9
 * (relative above 1) — write `2.0` for a value known to one decimal.
 */
export function tolerance(e: Extract<Expected, { kind: "number" }>): number {
  const m = /^-?\d+(?:\.(\d+))?(?:e([-+]?\d+))?$/i.exec(e.text);
  if (m && m[1] === undefined && m[2] === undefined && !e.truncated)
    return 1e-9 * Math.max(1, Math.abs(e.value));
  const decimals = m?.[1]?.length ?? 0;
  const exponent = Number(m?.[2] ?? 0);
  const unit = 10 ** (exponent - decimals);
  return Math.max((e.truncated ? 1 : 0.5) * unit, 1e-15 * Math.abs(e.value));
}

/** Differences between a recorded value and what the comment states (empty when they agree). */
export function compare(actual: unknown, e: Expected, path = "value"): string[] {
  switch (e.kind) {
    case "number": {
      if (typeof actual !== "number")
        return [`${path}: expected a number ${e.text}, got ${JSON.stringify(actual)}`];
      const tol = tolerance(e);
      // truncated: the digits shown are a prefix of the value's (same sign, less than one unit beyond)
      const beyond = Math.abs(actual) - Math.abs(e.value);
      const ok = e.truncated
        ? Math.sign(actual) === Math.sign(e.value) && beyond >= 0 && beyond < tol
        : Math.abs(actual - e.value) <= tol;
      return ok ? [] : [`${path}: ${actual} is not ${e.text}${e.truncated ? "…" : ""} (±${tol})`];
    }
    case "literal":
      return actual === e.value
        ? []
        : [`${path}: expected ${JSON.stringify(e.value)}, got ${JSON.stringify(actual)}`];
    case "array": {
      if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
      if (actual.length !== e.items.length)
        return [`${path}: expected ${e.items.length} entries, got ${actual.length}`];
      return e.items.flatMap((item, k) => compare(actual[k], item, `${path}[${k}]`));
    }
    case "object": {
      if (typeof actual !== "object" || actual === null)
        return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
      const o = actual as Record<string, unknown>;
      return e.entries.flatMap(([k, v]) =>
        k in o ? compare(o[k], v, `${path}.${k}`) : [`${path}: no field ${k}`],
      );
    }
  }
}

/** The value comments of an example block. */
export function valueChecks(block: string): ValueCheck[] {
  const out: ValueCheck[] = [];
  const lines = block.split("\n");
  lines.forEach((text, k) => {
    const m = /^(?!\s)(.*?);\s*\/\/\s*(.*)$/.exec(text); // top-level statements only
    if (!m) return;
    let expr = m[1];
    if (/^(const|let|var|import|export|await|return|if|for)\b/.test(expr)) return;
    const log = /^console\.log\((.*)\)$/.exec(expr);
    if (log) expr = log[1];
    if (!singleExpression(expr)) return;
    const expected = parseExpected(m[2]);
    if (expected) out.push({ line: k + 1, expr, logged: log !== null, expected, comment: m[2] });
  });
  return out;
}

/**
 * Whether an expression is one whole expression: brackets balanced outside string literals, and no
 * comma at the top level (`console.log(a, b)` prints two values: not a check).
 */
function singleExpression(s: string): boolean {
  let depth = 0;
  let quote = "";
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch) && --depth < 0) return false;
    else if (ch === "," && depth === 0) return false;
  }
  return depth === 0 && !quote;
}

export const RESULT_MARKER = "__README_EXAMPLE_VALUES__";

/**
 * The example as a runnable module: `@meanfield/*` imports pointed at the given URLs, and each checked
 * statement evaluated once, its value recorded (typed arrays as arrays, functions dropped, ±Infinity
 * and NaN as strings) and still printed where the line printed it; the values go out as JSON on a
 * marker line when the module ends.
 */
export function instrument(
  block: string,
  checks: ValueCheck[],
  packageUrl: (name: string) => string,
): string {
  const lines = block
    .split("\n")
    .map((l) => l.replace(/from "@meanfield\/([a-z]+)"/, (_, p) => `from "${packageUrl(p)}"`));
  for (const c of checks) {
    const record = `__readmeValues[${c.line}] = __readmeJson(__v);`;
    lines[c.line - 1] = `{ const __v = (${c.expr}); ${c.logged ? "console.log(__v); " : ""}${record} }`;
  }
  const prelude = [
    "const __readmeValues = {};",
    "const __readmeJson = (v) => JSON.parse(JSON.stringify(v, (_k, x) =>",
    "  ArrayBuffer.isView(x) ? Array.from(x) : typeof x === 'number' && !Number.isFinite(x) ? String(x) : x) ?? null);",
  ];
  return [
    ...prelude,
    ...lines,
    `console.log(${JSON.stringify(RESULT_MARKER)} + JSON.stringify(__readmeValues));`,
  ].join("\n");
}
