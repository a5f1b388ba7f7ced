export { type BrentResult, brent } from "./brent.js";
export { type CholeskyJitterOptions, choleskyWithJitter, type JitteredCholesky } from "./cholesky-jitter.js";
export { choleskySolve, solveWithCholeskyFactor } from "./cholesky-solve.js";
export { cholesky, nearestPsd, solve, svd, symmetricEigen } from "./decompositions.js";
export {
  assertMatrix,
  assertVector,
  createMatrix,
  type DenseMatrix,
  identity,
  selectColumns,
  transpose,
} from "./dense.js";
export { erf, erfc, erfcx } from "./erf.js";
export { isMeanfieldError, MeanfieldError, type MeanfieldErrorCode } from "./errors.js";
export { type FixedPointOptions, type FixedPointResult, fixedPoint } from "./fixed-point.js";
export { gammaP, gammaQ, logGamma } from "./gamma.js";
export { GAUSS_HERMITE_MAX_ORDER, gaussHermite } from "./gauss-hermite.js";
export { type GaussKronrodOptions, type GaussKronrodResult, gaussKronrod } from "./gauss-kronrod.js";
export { GAUSS_LEGENDRE_MAX_ORDER, gaussLegendre } from "./gauss-legendre.js";
export {
  type GaussianExpectationOptions,
  gaussianExpectation,
  gaussianExpectation2d,
} from "./gaussian-expectation.js";
export { geomspace, linspace, logspace } from "./grids.js";
export { type JackknifeError, jackknifeError } from "./jackknife.js";
export {
  PACKED_BLOCK_COLUMNS,
  packedLength,
  packedRow,
  packedRowLength,
  packRowGroups,
  residualGradientPacked,
  residualGradientPackedJs,
} from "./kernels/packed-design.js";
export {
  createParallelGradient,
  GRADIENT_BLOCK_ROWS,
  GRADIENT_BLOCKS,
  gradientBlocks,
  type ParallelGradient,
  type ParallelGradientOptions,
} from "./kernels/parallel-gradient.js";
export { residualGradient, residualGradientJs } from "./kernels/residual-gradient.js";
export {
  accumulateGramLower,
  accumulateGramLowerJs,
  accumulateRows,
  accumulateRowsJs,
  createKernelWorkspace,
  type KernelScratch,
  kernelBackend,
  kernelScratch,
  setKernelBackend,
} from "./kernels/row-kernels.js";
export { tangentSweep, tangentSweepJs } from "./kernels/tangent-sweep.js";
export { type LineFit, weightedLineFit } from "./line-fit.js";
export { matMul, matTVec, matVec, rowGram } from "./mat-vec.js";
export { type MinimizeScalarResult, minimizeScalar } from "./minimize-scalar.js";
export { fromMlMatrix, toMlMatrix } from "./ml-matrix.js";
export { type NnlsOptions, type NnlsResult, nnls } from "./nnls.js";
export {
  createIncrementalNnls,
  type IncrementalNnls,
  type IncrementalNnlsOptions,
  type IncrementalNnlsSolve,
} from "./nnls-incremental.js";
export { H, logH, normalCdf, normalLogCdf, normalPdf, normalQuantile } from "./normal.js";
export { solveNormalEquations } from "./normal-equations.js";
export { rk4 } from "./ode-rk4.js";
export { type OdeRhs, type Rk45Options, type Rk45Result, rk45 } from "./ode-rk45.js";
export {
  createRk45Stepper,
  type Rk45Status,
  type Rk45Stepper,
  type Rk45StepperOptions,
} from "./ode-rk45-stepper.js";
export { createRng, type Rng, sampleMultivariateNormal } from "./rng.js";
export { studentTCdf, studentTQuantile } from "./student-t.js";
export { lowerTriangularInverse, solveLowerTriangular, solveUpperTriangular } from "./triangular.js";
export {
  assertFinite,
  assertFiniteArray,
  assertInRange,
  assertInteger,
  assertNonNegative,
  assertOneOf,
  assertPositive,
  assertPositiveInteger,
  assertSameLength,
  invalidArgument,
} from "./validate.js";
export { axpy, dot, mean, norm1, norm2, normInf, scale, sum } from "./vector.js";
export { versions } from "./version.js";
export { locateWorkerFile } from "./worker-file.js";
