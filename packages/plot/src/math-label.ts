/**
 * Turns ASCII math such as `epsilon_gen`, `alpha_c`, `sigma^2` or `\delta` into a Unicode axis title
 * (`ε_gen`, `α_c`, `σ²`, `δ`). Subscripts and superscripts become Unicode sub/superscript characters only
 * when every character has one (digits, `+-=()` and a few letters); otherwise the `_`/`^` is kept, because
 * Unicode has no subscript g, c, … and a half-converted label reads worse than a plain one.
 * DejaVu Sans, the theme font, has glyphs for all of these characters.
 */
const GREEK: Record<string, string> = {
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  epsilon: "ε",
  varepsilon: "ε",
  zeta: "ζ",
  eta: "η",
  theta: "θ",
  iota: "ι",
  kappa: "κ",
  lambda: "λ",
  mu: "μ",
  nu: "ν",
  xi: "ξ",
  pi: "π",
  rho: "ρ",
  sigma: "σ",
  tau: "τ",
  upsilon: "υ",
  phi: "φ",
  varphi: "φ",
  chi: "χ",
  psi: "ψ",
  omega: "ω",
  Gamma: "Γ",
  Delta: "Δ",
  Theta: "Θ",
  Lambda: "Λ",
  Xi: "Ξ",
  Pi: "Π",
  Sigma: "Σ",
  Phi: "Φ",
  Psi: "Ψ",
  Omega: "Ω",
  infty: "∞",
  infinity: "∞",
};

const SUB: Record<string, string> = {
  "0": "₀",
  "1": "₁",
  "2": "₂",
  "3": "₃",
  "4": "₄",
  "5": "₅",
  "6": "₆",
  "7": "₇",
  "8": "₈",
  "9": "₉",
  "+": "₊",
  "-": "₋",
  "=": "₌",
  "(": "₍",
  ")": "₎",
  a: "ₐ",
  e: "ₑ",
  h: "ₕ",
  i: "ᵢ",
  j: "ⱼ",
  k: "ₖ",
  l: "ₗ",
  m: "ₘ",
  n: "ₙ",
  o: "ₒ",
  p: "ₚ",
  r: "ᵣ",
  s: "ₛ",
  t: "ₜ",
  u: "ᵤ",
  v: "ᵥ",
  x: "ₓ",
};

const SUP: Record<string, string> = {
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
  "+": "⁺",
  "-": "⁻",
  "=": "⁼",
  "(": "⁽",
  ")": "⁾",
  n: "ⁿ",
  i: "ⁱ",
  T: "ᵀ",
  "*": "*",
};

function mapAll(text: string, table: Record<string, string>): string | undefined {
  let out = "";
  for (const ch of text) {
    const m = table[ch];
    if (m === undefined) return undefined;
    out += m;
  }
  return out;
}

/** Unicode superscript of an integer, e.g. `superscript(-3)` → `"⁻³"` (used for log-axis labels 10⁻³). */
export function superscript(n: number): string {
  return mapAll(String(n).replace("−", "-"), SUP) ?? `^${n}`;
}

export function mathLabel(text: string): string {
  const names = Object.keys(GREEK).sort((a, b) => b.length - a.length);
  // A Greek name counts only as a whole word; `_` and `^` count as word boundaries so `epsilon_gen` converts.
  const greek = new RegExp(`\\\\?(?<![A-Za-z])(${names.join("|")})(?![A-Za-z])`, "g");
  let out = text.replace(greek, (_m, name: string) => GREEK[name] ?? name);
  out = out.replace(/([_^])(\{([^{}]*)\}|([A-Za-z0-9+\-=*]+))/g, (m, op: string, _b, braced, bare) => {
    const body: string = braced ?? bare;
    const mapped = mapAll(body, op === "_" ? SUB : SUP);
    if (mapped !== undefined) return mapped;
    return braced !== undefined ? `${op}${body}` : m;
  });
  return out;
}
