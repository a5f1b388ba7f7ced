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
    `,
  },
];
