// The reproduced figures: what each needs from the packages and how it is made. Each `make` returns
// { svg, caption, rows: [{ quantity, computed, reference, tolerance, source }] }.
// Parameters are deliberately small (the site build must stay fast); the captions say so.

export const FIGURES = [
  {
    id: "dmft-vs-simulation",
    title: "DMFT against finite-size gradient flow",
    page: "/figures/dln-dmft",
    needs: {
      "@meanfield/dmft": ["solveDmft"],
      "@meanfield/dln": ["simulateGradientFlow"],
      "@meanfield/plot": ["renderSvg"],
    },
    async make() {
      throw new Error("not written yet");
    },
  },
  {
    id: "capacity-by-activation",
    title: "Storage capacity per activation",
    page: "/figures/replica",
    needs: { "@meanfield/replica": ["capacity"], "@meanfield/plot": ["renderSvg"] },
    async make() {
      throw new Error("not written yet");
    },
  },
];
