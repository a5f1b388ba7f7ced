#!/usr/bin/env node
// Renders the README pictures with the package itself: `pnpm build && node scripts/readme-figures.mjs`.
// The data are closed-form toy curves chosen to look like the field's figures; they are not results.
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { barChart, heatmap, lineChart, mathLabel, overlayChart, writeFigure } from "../dist/index.js";

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "docs");
await mkdir(out, { recursive: true });
const png = { png: { width: 900 } };
const range = (n, f) => Array.from({ length: n }, (_, i) => f(i));

// 1. Loss against time over six decades, mean ± std over seeds, log–log.
const t = range(120, (i) => 10 ** (-2 + (i * 6) / 119));
const loss = (tau, floor) => t.map((v) => 0.5 / (1 + (v / tau) ** 1.5) + floor);
const line = lineChart({
  title: "Train and test loss under gradient flow",
  series: [
    { name: "train loss", x: t, y: loss(3, 1e-5), std: loss(3, 1e-5).map((v) => 0.25 * v) },
    { name: "test loss", x: t, y: loss(5, 0.02), std: loss(5, 0.02).map((v) => 0.12 * v) },
  ],
  x: { log: true, label: "time t" },
  y: { log: true, label: "loss (mean ± std over 8 seeds)" },
});
await writeFigure(line, join(out, "line-chart.png"), png);

// 2. Theory lines against simulation points with error bars.
const alphas = range(100, (i) => 0.02 + (i * 2.98) / 99);
const theoryCurve = (rho) => (a) => (a < rho ? 1 - (0.9 * a) / rho : 0.1 * Math.exp(-3 * (a - rho)));
const simAlphas = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5];
const wobble = [0.02, -0.015, 0.01, -0.02, 0.015, -0.01, 0.005, -0.005];
const overlay = overlayChart({
  title: "DMFT prediction and finite-size simulation",
  theory: [0.5, 1.5].map((rho) => ({ name: `ρ = ${rho}`, x: alphas, y: alphas.map(theoryCurve(rho)) })),
  simulation: [0.5, 1.5].map((rho) => ({
    name: `ρ = ${rho}`,
    x: simAlphas,
    y: simAlphas.map((a, i) => Math.max(0, theoryCurve(rho)(a) + wobble[i])),
    yErr: simAlphas.map((a) => 0.02 + 0.03 * theoryCurve(rho)(a)),
  })),
  x: { label: mathLabel("alpha = n/d") },
  y: { label: mathLabel("test error epsilon_gen") },
  theoryTitle: "DMFT",
  simulationTitle: "simulation, d = 500",
});
await writeFigure(overlay, join(out, "overlay-chart.png"), png);

// 3. A phase diagram on a (linear × log) grid, with contours and a boundary curve.
const gx = range(60, (i) => 0.05 + (i * 2.95) / 59);
const gy = range(50, (j) => 10 ** (-3 + (j * 3) / 49));
const boundary = (s) => 0.4 + 0.35 * (Math.log10(s) + 3);
const z = gy.map((s) => gx.map((a) => 1 / (1 + Math.exp(-6 * (a - boundary(s))))));
const heat = heatmap({
  title: "Recovery phase diagram",
  x: { values: gx, label: mathLabel("alpha = n/d") },
  y: { values: gy, label: mathLabel("initialisation scale alpha_0"), log: true },
  z,
  color: { label: "P(recovery)" },
  contours: [0.1, 0.9],
  boundary: [{ name: "predicted boundary", x: gy.map(boundary), y: gy }],
});
await writeFigure(heat, join(out, "heatmap.png"), png);

// 4. One value per category, two series side by side, with error bars.
const bar = barChart({
  title: "Storage capacity per activation",
  categories: ["sign", "ReLU", "erf", "tanh", "linear"],
  series: [
    { name: "K = 2", values: [1.42, 2.31, 1.88, 1.83, 1.0], errors: [0.04, 0.06, 0.05, 0.05, 0.02] },
    { name: "K = 4", values: [1.71, 2.62, 2.07, 2.01, 1.0], errors: [0.05, 0.07, 0.05, 0.05, 0.02] },
  ],
  x: { label: "activation" },
  y: { label: mathLabel("capacity alpha_c") },
  legendTitle: "hidden units",
});
await writeFigure(bar, join(out, "bar-chart.png"), png);
console.log(`wrote 4 figures to ${out}`);
