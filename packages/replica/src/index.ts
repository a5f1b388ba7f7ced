export {
  type Activation,
  type ActivationOptions,
  type ActivationSpec,
  BUILTIN_ACTIVATIONS,
  type BuiltinActivationName,
  createActivation,
} from "./activations.js";
export {
  alphaC,
  type CapacityMethod,
  type CapacityOptions,
  type CapacityResult,
  storageCapacity,
} from "./capacity.js";
export {
  acceptanceDistance,
  type ExactCommitteeKind,
  type ExactFiniteKOptions,
  type ExactFiniteKResult,
  exactFiniteKCapacity,
  exactFiniteKProfile,
} from "./capacity-exact-finite-k.js";
export { type CapacityTableOptions, type CapacityTableRow, capacityTable } from "./capacity-table.js";
export {
  energeticTerm,
  energeticTermDerivative,
  gardnerIntegral,
  millsExcess,
  millsRatio,
} from "./energetic.js";
export { quadraticCoefficient } from "./equivalence.js";
export {
  type ExactK2Problem,
  exactEnergeticK2,
  exactFreeEntropyK2,
  exactK2Problem,
  psMomentsK2,
  psStabilityK2,
} from "./exact-free-entropy-k2.js";
export {
  type ExactK3Problem,
  exactK3Problem,
  exactPSFreeEntropyK3,
  exactPSTermsK3,
  psStabilityK3,
} from "./exact-free-entropy-k3.js";
export { chamberDirectionsK4, type ExactK4Problem, exactK4Problem } from "./exact-free-entropy-k4.js";
export {
  type MonteCarloPSOptions,
  type MonteCarloPSProblem,
  monteCarloPSProblem,
} from "./exact-free-entropy-mc.js";
export {
  type ExactPSProblem,
  exactPSFreeEntropy,
  exactPSTerms,
  psStability,
} from "./exact-ps-free-entropy.js";
export {
  empiricalTransition,
  type SatExperimentParams,
  type SatExperimentResult,
  type SatPoint,
  satExperiment,
} from "./experiments.js";
export { type ParsedFormula, parseFormula } from "./formula.js";
export { type HalfLineSets, halfLineSets, levelSetMinSlope } from "./half-line-sets.js";
export { hermiteCoefficients, kappaFromSeries, normalizedHermite } from "./hermite.js";
export { type LargeKProblem, largeKProblem } from "./large-k.js";
export { type PairSumSets, pairSumSets } from "./pair-sum-sets.js";
export { type CapacityParams, type ValidatedCapacityParams, validateCapacityParams } from "./params.js";
export {
  bifurcationCubic,
  type PSBifurcation,
  type PSTransitionOrder,
  psBifurcation,
  psBifurcationK2,
  psTransitionOrder,
} from "./ps-bifurcation.js";
export {
  type FiniteKPSInstability,
  type FiniteKPSInstabilityOptions,
  psInstabilityClosedForm,
  psInstabilityFiniteK,
  quadraticPSInstability,
} from "./ps-instability-finite-k.js";
export { alphaPSB, type PsbOptions, type PsbResult } from "./psb-transition.js";
export { type RepliconK2, repliconK2 } from "./replicon-exact-k2.js";
export { type PSReplicon, repliconPS } from "./replicon-exact-ps.js";
export { repliconAtCapacityLargeK, repliconLargeK } from "./rs-stability.js";
export {
  nonConvexityWitness,
  type RsStabilityAtCapacity,
  repliconAtCapacityConvex,
  repliconAtCapacityHalfSpace,
  repliconAtCapacityK1,
  rsStabilityAtCapacityFiniteK,
} from "./rs-stability-finite-k.js";
export {
  type ExactPSInstabilityOptions,
  type PSInstability,
  refinedInstabilityShift,
  scanPSInstability,
} from "./saddle-newton.js";
export {
  type RsSolution,
  type SaddlePointParams,
  type SaddlePointResult,
  solveSaddlePoint,
} from "./saddle-point.js";
export {
  type ExactK2Instability,
  type ExactK2Saddle,
  type ExactK2Transition,
  exactPSBTransitionK2,
  exactPSInstabilityK2,
  psStabilityAtK2,
  solveExactPSBK2,
  solveExactPSK2,
} from "./saddle-point-exact-k2.js";
export {
  type ExactK3Instability,
  type ExactK3PSSaddle,
  type ExactPSInstability,
  type ExactPSSaddle,
  exactPSInstabilityK3,
  exactPSInstabilityK4,
  exactPSInstabilityMC,
  type MonteCarloPSInstability,
  solveExactPS,
  solveExactPSK3,
} from "./saddle-point-exact-ps.js";
export { finiteKFreeEntropy } from "./saddle-point-finite-k.js";
export {
  type CommonLimitExtrapolation,
  type CommonLimitFit,
  type CommonLimitOptions,
  commonLimitInterval,
  extrapolateCommonLimit,
  fitCommonLimit,
  fitCommonLimitExponent,
  type SizeThresholds,
} from "./sat-common-limit.js";
export {
  defaultSatLoss,
  generateInstance,
  type SatInstance,
  type SatSolveResult,
  type SatSolverOptions,
  solveInstance,
} from "./sat-solver.js";
export {
  type BudgetRun,
  extrapolateThreshold,
  fitSatThreshold,
  type RestartRule,
  restartRule,
  type SatThreshold,
  type ThresholdExtrapolation,
} from "./sat-threshold.js";
export { SmoothProjection, type SmoothUnit, smoothUnits } from "./smooth-projection.js";
export { type SweepParams, type SweepResult, sweepAlpha } from "./sweep.js";
export { versions } from "./version.js";
