/**
 * The floating-point core of the CPU: IEEE 754 binary16/32/64 arithmetic with the Arm FPCR controls
 * (RMode, FZ, DN, AHP), Arm NaN propagation, and the FPSR cumulative exception bits, as the Arm ARM
 * shared pseudocode defines them (see state.ts for the calling convention).
 */
export * from './state.ts';
export { fpAdd, fpMul, fpDiv, fpSqrt, fpMulAdd, f64Add, f64Sub, f64Mul, f64Div, f64Sqrt, f64MulAdd,
  f32Add, f32Sub, f32Mul, f32Div, f32Sqrt, f32MulAdd } from './arith.ts';
export { fpToFixed, fixedToFp, fpConvert, fpRoundInt } from './convert.ts';
export { fpCompare, fpCompareCond, fpMaxMin, fpMaxMinNum, CMP_EQ, CMP_GE, CMP_GT } from './compare.ts';
export {
  mul as fpMulSlow, stepFused as fpStepFused, recpX as fpRecpX, recipEstimateFP as fpRecipEstimate,
  rsqrtEstimateFP as fpRSqrtEstimate, recipEstimate, recipSqrtEstimate,
} from './exact.ts';
