/**
 * One smoke script per library: something real computed through the installed tarball, checked against an
 * independent value, written once and run both as ESM (`import`) and as CJS (`require`).
 * `LIB` stands for the namespace the package is loaded into.
 */
export interface Smoke {
  /** Library folder under packages/. */
  pkg: string;
  /** Workspace libraries it depends on (their tarballs are installed alongside). */
  deps: string[];
  /** Body of an async function with the package loaded as `LIB`; throws on a wrong answer, prints "ok". */
  body: string;
}

export const smokes: Smoke[] = [
  {
    pkg: "linalg",
    deps: [],
    // E[max(z,0)] = 1/sqrt(2 pi) by Gauss–Hermite, and a seeded draw is reproducible.
    body: `
      const v = LIB.gaussianExpectation((z) => Math.max(z, 0), { order: 200 });
      if (Math.abs(v - 1 / Math.sqrt(2 * Math.PI)) > 1e-3) throw new Error("E[relu] = " + v);
      const a = LIB.createRng(7).normal(), b = LIB.createRng(7).normal();
      if (a !== b) throw new Error("rng not reproducible");
      // the WebAssembly SIMD kernels load from the tarball, and the parallel gradient's worker file
      // runs: 2 threads give the bits of 1 thread
      if (LIB.kernelBackend() !== "wasm-simd") throw new Error("kernels: " + LIB.kernelBackend());
      const grad = (threads) => {
        const pg = LIB.createParallelGradient(64, 33, { threads });
        pg.setDesign(Float64Array.from({ length: 64 * 33 }, (_, i) => Math.sin(i)));
        for (let i = 0; i < 64; i++) pg.y[i] = Math.cos(i);
        pg.w.fill(0.01);
        pg.evaluate();
        const out = { g: Array.from(pg.g), threads: pg.threads, backend: pg.backend };
        pg.close();
        return out;
      };
      const one = grad(1), two = grad(2);
      if (two.threads !== 2 || two.backend !== "wasm-simd") throw new Error("parallel gradient: " + JSON.stringify(two));
      if (one.g.some((v, i) => v !== two.g[i])) throw new Error("threads changed the gradient");
    `,
  },
  {
    pkg: "dln",
    deps: ["linalg"],
    // Gradient flow from w = 0 lowers the training loss, and the min-ℓ2 interpolator interpolates.
    body: `
      const r = LIB.simulateGradientFlow({ d: 40, n: 20, alpha: 1, rho: 0.2, T: 20, seed: 3 });
      if (!r.converged || !(r.trainLoss[r.trainLoss.length - 1] < 1e-2 * r.trainLoss[0])) throw new Error("flow did not fit");
      const r2 = LIB.simulateGradientFlow({ d: 40, n: 20, alpha: 1, rho: 0.2, T: 20, seed: 3 }, { threads: 2 });
      if (r2.trainLoss.some((v, i) => v !== r.trainLoss[i])) throw new Error("threads changed the flow");
      // results carry the package versions (each package's own, inlined from its package.json at build time)
      const v = r.versions ?? {};
      if (!/^[0-9]+[.][0-9]+[.][0-9]+/.test(v["@meanfield/dln"] ?? "") || !/^[0-9]+[.][0-9]+[.][0-9]+/.test(v["@meanfield/linalg"] ?? ""))
        throw new Error("versions: " + JSON.stringify(r.versions));
      const data = LIB.createDlnData(LIB.validateDlnParams({ d: 40, n: 20, alpha: 1, T: 1, seed: 3 }));
      const w = LIB.minL2Interpolator(data.X, data.y).w;
      for (let i = 0; i < 20; i++) {
        let s = 0;
        for (let j = 0; j < 40; j++) s += data.X.data[i * 40 + j] * w[j];
        if (Math.abs(s - data.y[i]) > 1e-8) throw new Error("min-l2 does not interpolate");
      }
    `,
  },
  {
    pkg: "plot",
    deps: [],
    // A line chart renders to SVG with its axis title, and to a PNG with the PNG signature.
    body: `
      const spec = LIB.lineChart({ series: [{ name: "a", x: [1, 2, 3], y: [1, 4, 9] }], x: { label: "time t" } });
      const svg = await LIB.renderSvg(spec);
      if (!svg.startsWith("<svg") || !svg.includes("time t")) throw new Error("bad svg");
      const png = LIB.svgToPng(svg, { width: 300 });
      if (png.readUInt32BE(0) !== 0x89504e47) throw new Error("bad png");
    `,
  },
  {
    pkg: "replica",
    deps: ["linalg"],
    // Gardner's perceptron: a K = 1 sign unit stores alpha_c = 2 patterns per weight.
    body: `
      const r = LIB.alphaC({ activation: "sign", K: 1 });
      if (!r.converged || Math.abs(r.alphaC - 2) > 1e-6) throw new Error("alpha_c = " + r.alphaC);
    `,
  },
  {
    pkg: "dmft",
    deps: ["linalg", "dln"],
    // Linear regression (F = 1): the DMFT's generalisation error against the Marchenko–Pastur closed form.
    body: `
      const p = { alpha: 1, delta: 2, rho: 1, sigma: 0, T: 2, mobility: "linear" };
      const r = LIB.solveDmft(p, { gridPoints: 40, samples: 2000, seed: 1 });
      const mp = LIB.marchenkoPasturCurves({ delta: 2, sigma: 0 }, r.t);
      const last = r.t.length - 1;
      if (Math.abs(r.genError[last] - mp.genError[last]) > 0.05 * mp.genError[last]) throw new Error("DMFT vs MP");
    `,
  },
];
