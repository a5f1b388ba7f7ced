export { isMeanfieldError, MeanfieldError, type MeanfieldErrorCode } from "./errors.js";
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
