/** Lawson–Hanson NNLS, used by saddleToSaddle; it lives in @meanfield/linalg and is re-exported here. */
export { type NnlsResult, nnls } from "@meanfield/linalg";
export { createDlnData, type DlnData, genError, sampleTestSet, type TestSet, testError } from "./data.js";
export { gaussianDesign, standardizeDesign } from "./design.js";
export {
  type DesignFile,
  type DesignFileOptions,
  MAX_DESIGN_FILE_ENTRIES,
  readDesignFile,
} from "./design-file.js";
export {
  assertDesignName,
  DESIGN_OPTION_DEFAULTS,
  DESIGNS,
  type DesignName,
  type DesignOptions,
  randomDesign,
  resolveDesignOptions,
} from "./designs.js";
export {
  type GradientDescentOptions,
  type GradientDescentResult,
  simulateGradientDescent,
} from "./gradient-descent.js";
export {
  type FlowIntegrator,
  type FlowProgress,
  type FlowSnapshot,
  type GradientFlowOptions,
  type GradientFlowResult,
  gradientFlowStream,
  simulateGradientFlow,
} from "./gradient-flow.js";
export { defaultGradientThreads } from "./gradient-threads.js";
export {
  type BasisPursuitOptions,
  type BasisPursuitResult,
  basisPursuit,
} from "./implicit-bias/basis-pursuit.js";
export { type MinL2Result, minL2Interpolator } from "./implicit-bias/min-l2.js";
export {
  type MinQAlphaOptions,
  type MinQAlphaResult,
  minQAlphaInterpolator,
} from "./implicit-bias/min-q-alpha.js";
export { q, qAlpha, qAlphaConjugate } from "./implicit-bias/q-alpha.js";
export {
  type SaddleToSaddleOptions,
  type SaddleToSaddleResult,
  saddleToSaddle,
} from "./implicit-bias/saddle-to-saddle.js";
export {
  type SaddleToSaddleCurves,
  type SeedCurve,
  saddleToSaddleCurves,
} from "./implicit-bias/saddle-to-saddle-curves.js";
export {
  computeMetrics,
  type DlnMetrics,
  METRIC_NAMES,
  type MetricName,
  type MetricSeries,
} from "./metrics.js";
export { engineFromUv, engineRate, mobility, phiFromW, uvFromEngine, wFromPhi } from "./parametrization.js";
export {
  alphaSquared,
  type DlnModel,
  type DlnParams,
  MODELS,
  PRIORS,
  type Prior,
  type ResolvedDlnParams,
  TEACHER_NORMALIZATIONS,
  type TeacherNormalization,
  validateDlnParams,
} from "./params.js";
export { aggregateRuns, type SeedsOptions, type SeedsResult, seedOf, simulateSeeds } from "./seeds.js";
export { sampleTeacher, support } from "./teacher.js";
export { logTimeGrid, validateTimes } from "./time-grid.js";
export {
  assertTruncation,
  mobilityTruncated,
  phiFromWTruncated,
  truncationKnee,
  wFromPhiTruncated,
} from "./truncation.js";
export { versions } from "./version.js";
