import { describe, expect, it } from "vitest";
import { mathLabel, superscript } from "../src/index.js";

describe("mathLabel", () => {
  it.each([
    ["epsilon_gen", "ε_gen"],
    ["alpha_c", "α_c"],
    ["alpha_0", "α₀"],
    ["x_{12}", "x₁₂"],
    ["epsilon_{gen}", "ε_gen"],
    ["sigma^2", "σ²"],
    ["\\delta", "δ"],
    ["rho / delta", "ρ / δ"],
    ["Delta t", "Δ t"],
    ["alphabet", "alphabet"],
    ["time t (s)", "time t (s)"],
    ["w^T x", "wᵀ x"],
    ["10^{-3}", "10⁻³"],
  ])("%s → %s", (input, output) => {
    expect(mathLabel(input)).toBe(output);
  });
});

describe("superscript", () => {
  it("writes integers as Unicode superscripts", () => {
    expect(superscript(-12)).toBe("⁻¹²");
    expect(superscript(0)).toBe("⁰");
    expect(superscript(3)).toBe("³");
  });
});
