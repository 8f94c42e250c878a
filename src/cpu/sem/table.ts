/**
 * Every op of the predecoded instruction set, in op-id order: `Op.NAME` (exec.gen.ts) is the index of
 * NAME here. Id 0 means "not decoded yet". A new op goes in the file of its group; gen-exec.ts then
 * numbers it and writes its interpreter case (`npm run gen:cpu`).
 */
import type { OpDef } from './op.ts';
import { INT_OPS } from './ops-int.ts';
import { BRANCH_OPS } from './ops-branch.ts';
import { MEM_OPS } from './ops-mem.ts';
import { SYS_OPS } from './ops-sys.ts';
import { SIMDFP_OPS } from './ops-simdfp.ts';
import { ADVSIMD_OPS } from './ops-advsimd.ts';

export const UNDECODED: OpDef = { name: 'UNDECODED', what: 'a record not decoded yet (the interpreter decodes it first)', fields: {} };

export const OPS: readonly OpDef[] = [UNDECODED, ...SYS_OPS, ...INT_OPS, ...BRANCH_OPS, ...MEM_OPS, ...SIMDFP_OPS, ...ADVSIMD_OPS];
