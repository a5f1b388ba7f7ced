export {
  type AgreementOptions,
  type AgreementResult,
  type AgreementRow,
  type CurveAgreement,
  compareCurve,
  compareWithReference,
  compareWithSimulation,
  interpolateCurve,
  totalError,
} from "./agreement.js";
export { type DiluteActivation, diluteActivation } from "./dilute-activation.js";
export { DEFAULT_RESOLVE_FLOOR } from "./dmft-options.js";
export {
  type CurveEstimate,
  combineCurves,
  meanStdErrOf,
  nonIncreasing,
  richardsonError,
} from "./error-estimate.js";
export { DEEP_TOL_FACTOR } from "./fixed-point-stage.js";
export { type IncrementalLearning, incrementalLearning } from "./incremental.js";
export {
  type CrossingCurve,
  type CrossingTime,
  type CrossingTimes,
  crossingTime,
  crossingTimes,
} from "./level-crossings.js";
export {
  type LongTimeParams,
  type LongTimeResult,
  longTimeFixedPoint,
  priorComponents,
  priorNoiseExpectation,
  proxMirror,
} from "./long-time.js";
export { marchenkoPasturCurves } from "./marchenko-pastur.js";
export {
  type CustomMobility,
  dlnMobility,
  implicitStepper,
  linearMobility,
  type Mobility,
  type MobilitySpec,
  resolveMobility,
  truncatedDlnMobility,
  validateTruncation,
} from "./mobility.js";
export { type DmftParams, validateDmftParams } from "./params.js";
export { defaultReplicas } from "./prepare-solve.js";
export { type CustomPrior, sampleTeacherValues, type TeacherPriorSpec } from "./prior.js";
export {
  lossConvergenceRate,
  type RateResult,
  rateGenErrorTradeoff,
  rateGeneralisationTradeoff,
} from "./rate.js";
export {
  type LongTimeReferenceSetting,
  longTimeReference,
  type ReferenceCurve,
  type ReferenceSetting,
  type ReferenceStat,
  referenceCurves,
} from "./reference-curves.js";
export { type SampleDesign, sampleDesign } from "./sample-design.js";
export { type SmallAlphaLimit, type SmallAlphaQuantity, smallAlphaLimit } from "./small-alpha-limit.js";
export {
  type SeedCurves,
  type SmallAlphaReference,
  type SmallAlphaReferenceSetting,
  smallAlphaReference,
} from "./small-alpha-reference.js";
export {
  type DmftAccuracy,
  type DmftChange,
  type DmftOptions,
  type DmftProgress,
  type DmftReplicaProgress,
  type DmftResult,
  type DmftTiming,
  type DmftTwoTime,
  solveDmft,
  solveDmftParallel,
} from "./solve-dmft.js";
export { bdf2Coefficients, dmftTimeGrid, subGrid } from "./time-grid.js";
export { type TimescaleScaling, timescaleScaling } from "./timescale-scaling.js";
export {
  type DetectedPhases,
  detectPhases,
  type PredictedTimescales,
  predictedTimescales,
} from "./timescales.js";
export { versions } from "./version.js";
