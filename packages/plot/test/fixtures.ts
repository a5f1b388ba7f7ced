/** One small example per chart kind, with the axis titles and legend entries its figure must show. */
import type { TopLevelSpec } from "vega-lite";
import { barChart, heatmap, lineChart, overlayChart } from "../src/index.js";

export interface Fixture {
  kind: string;
  spec: () => TopLevelSpec;
  titles: string[];
  legend: string[];
  /** Minimum fraction of non-white pixels expected in the PNG. */
  minInk: number;
}

const t = Array.from({ length: 40 }, (_, i) => 10 ** (-1 + (i * 4) / 39));

export const fixtures: Fixture[] = [
  {
    kind: "lineChart",
    spec: () =>
      lineChart({
        title: "Loss & error",
        series: [
          { name: "train loss", x: t, y: t.map((v) => Math.exp(-v / 50) + 1e-3), std: t.map(() => 1e-4) },
          { name: "test error", x: t, y: t.map((v) => 0.5 * Math.exp(-v / 200) + 0.05) },
        ],
        x: { log: true, label: "time t (s)" },
        y: { log: true, label: "ε_gen <σ²>" },
      }),
    titles: ["time t (s)", "ε_gen <σ²>", "Loss & error"],
    legend: ["train loss", "test error"],
    minInk: 0.02,
  },
  {
    kind: "overlayChart",
    spec: () =>
      overlayChart({
        theory: [{ name: "DMFT", x: [0, 1, 2, 3, 4], y: [1, 0.6, 0.4, 0.3, 0.25] }],
        simulation: [
          {
            name: "d = 200",
            x: [0.5, 1.5, 2.5, 3.5],
            y: [0.8, 0.5, 0.33, 0.28],
            yErr: [0.05, 0.04, 0.03, 0.03],
          },
        ],
        x: { label: "α = n/d" },
        y: { label: "test error" },
      }),
    titles: ["α = n/d", "test error", "theory", "simulation"],
    legend: ["DMFT", "d = 200"],
    minInk: 0.02,
  },
  {
    kind: "heatmap",
    spec: () => {
      const xs = [0.5, 1, 1.5, 2, 2.5, 3];
      const ys = [0.01, 0.1, 1, 10];
      return heatmap({
        x: { values: xs, label: "α" },
        y: { values: ys, label: "δ", log: true },
        z: ys.map((d) => xs.map((a) => a * (1 + Math.log10(d) / 4))),
        color: { label: "α_c estimate" },
        contours: [1.5],
        boundary: [{ name: "phase boundary", x: [1, 1.5, 2], y: [0.01, 1, 10] }],
      });
    },
    titles: ["α", "δ", "α_c estimate"],
    legend: ["phase boundary"],
    minInk: 0.3,
  },
  {
    kind: "barChart",
    spec: () =>
      barChart({
        categories: ["sign", "ReLU", "erf"],
        series: [
          { name: "K = 2", values: [1.2, 2.1, 1.8], errors: [0.05, 0.1, 0.05] },
          { name: "K = 3", values: [1.4, 2.3, 1.9] },
        ],
        x: { label: "activation" },
        y: { label: "capacity α_c" },
      }),
    titles: ["activation", "capacity α_c"],
    legend: ["K = 2", "K = 3", "sign", "ReLU", "erf"],
    minInk: 0.05,
  },
];
