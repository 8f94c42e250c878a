/**
 * The arm64 KVM UAPI structs as data, in the order the kernel headers declare them:
 * arch/arm64/include/uapi/asm/ptrace.h, arch/arm64/include/uapi/asm/kvm.h, include/uapi/linux/kvm.h
 * (Linux 6.1, the headers in Debian's linux-libc-dev-arm64-cross). Offsets are computed by layout.ts;
 * test/system/abi-headers.test.ts checks every one against the real headers with clang (LE and BE).
 */
import { anon, array, m, scalar, struct, union, type StructLayout } from './layout.ts';

export const U8 = scalar('__u8', 1);
export const U16 = scalar('__u16', 2);
export const U32 = scalar('__u32', 4);
export const U64 = scalar('__u64', 8);
export const U128 = scalar('__uint128_t', 16);
export const CHAR = scalar('char', 1);
export const S32 = scalar('__s32', 4);

// ---- asm/ptrace.h ----

/** The general-purpose register file as ptrace and KVM_GET_ONE_REG's core range see it. */
export const USER_PT_REGS = struct('user_pt_regs', [
  m('regs', array(U64, 31)),
  m('sp', U64),
  m('pc', U64),
  m('pstate', U64),
]);

/** FP/SIMD state: 32 128-bit V registers, so the struct (and any struct holding it) is 16-aligned. */
export const USER_FPSIMD_STATE = struct('user_fpsimd_state', [
  m('vregs', array(U128, 32)),
  m('fpsr', U32),
  m('fpcr', U32),
  m('__reserved', array(U32, 2)),
]);

// ---- asm/kvm.h ----

/** KVM_NR_SPSR: SPSR_EL1 and the four AArch32 banked SPSRs (abt, und, irq, fiq). */
export const KVM_NR_SPSR = 5;

/** The layout that ONE_REG core register ids index (offset / 4), see KVM_REG_ARM_CORE_REG. */
export const KVM_REGS = struct('kvm_regs', [
  m('regs', USER_PT_REGS),
  m('sp_el1', U64),
  m('elr_el1', U64),
  m('spsr', array(U64, KVM_NR_SPSR)),
  m('fp_regs', USER_FPSIMD_STATE),
]);

/** KVM_ARM_VCPU_INIT / KVM_ARM_PREFERRED_TARGET argument: target CPU and 7 words of feature bits. */
export const KVM_VCPU_INIT = struct('kvm_vcpu_init', [m('target', U32), m('features', array(U32, 7))]);

/** Hardware breakpoint/watchpoint values userspace hands to KVM_SET_GUEST_DEBUG (64-bit each, 16 of each). */
export const KVM_GUEST_DEBUG_ARCH = struct('kvm_guest_debug_arch', [
  m('dbg_bcr', array(U64, 16)),
  m('dbg_bvr', array(U64, 16)),
  m('dbg_wcr', array(U64, 16)),
  m('dbg_wvr', array(U64, 16)),
]);

/**
 * kvm_run.debug.arch since Linux 5.19 ("KVM: arm64: uapi: Add kvm_debug_exit_arch.hsr_high"): the
 * former padding after `hsr` carries ESR_EL2[63:32], valid only when kvm_run.flags has
 * KVM_DEBUG_ARCH_HSR_HIGH_VALID. `far` is written for watchpoint exits only.
 */
export const KVM_DEBUG_EXIT_ARCH = struct('kvm_debug_exit_arch', [m('hsr', U32), m('hsr_high', U32), m('far', U64)]);

/**
 * kvm_run.debug.arch before 5.19: `{ __u32 hsr; __u64 far; }`. The compiler leaves a 4-byte hole after
 * `hsr` (far is 8-aligned) which the kernel never writes; it holds whatever the previous exit left.
 */
export const KVM_DEBUG_EXIT_ARCH_PRE_5_19 = struct('kvm_debug_exit_arch_pre_5_19', [m('hsr', U32), m('far', U64)]);

/** arm64's kvm_run.s.regs (KVM_CAP_ARM_USER_IRQ). */
export const KVM_SYNC_REGS = struct('kvm_sync_regs', [m('device_irq_level', U64)]);

// ---- linux/kvm.h ----

/** KVM_SET_USER_MEMORY_REGION argument. */
export const KVM_USERSPACE_MEMORY_REGION = struct('kvm_userspace_memory_region', [
  m('slot', U32),
  m('flags', U32),
  m('guest_phys_addr', U64),
  m('memory_size', U64),
  m('userspace_addr', U64),
]);

/** SYNC_REGS_SIZE_BYTES: the fixed size of kvm_run.s. */
export const SYNC_REGS_SIZE_BYTES = 2048;

/** The exit-information union of kvm_run, the variants arm64 uses (and the generic ones), 256 bytes. */
function exitUnion(debugArch: StructLayout): StructLayout {
  return union('', [
    m('hw', struct('', [m('hardware_exit_reason', U64)])),
    m('fail_entry', struct('', [m('hardware_entry_failure_reason', U64), m('cpu', U32)])),
    m('ex', struct('', [m('exception', U32), m('error_code', U32)])),
    m('io', struct('', [m('direction', U8), m('size', U8), m('port', U16), m('count', U32), m('data_offset', U64)])),
    m('debug', struct('', [m('arch', debugArch)])),
    m('mmio', struct('', [m('phys_addr', U64), m('data', array(U8, 8)), m('len', U32), m('is_write', U8)])),
    m('hypercall', struct('', [
      m('nr', U64), m('args', array(U64, 6)), m('ret', U64), m('longmode', U32), m('pad', U32),
    ])),
    m('internal', struct('', [m('suberror', U32), m('ndata', U32), m('data', array(U64, 16))])),
    m('system_event', struct('', [
      m('type', U32),
      m('ndata', U32),
      anon(union('', [m('flags', U64), m('data', array(U64, 16))])),
    ])),
    m('arm_nisv', struct('', [m('esr_iss', U64), m('fault_ipa', U64)])),
    m('padding', array(CHAR, 256)),
  ]);
}

function kvmRun(name: string, debugArch: StructLayout): StructLayout {
  return struct(name, [
    m('request_interrupt_window', U8),
    m('immediate_exit', U8),
    m('padding1', array(U8, 6)),
    m('exit_reason', U32),
    m('ready_for_interrupt_injection', U8),
    m('if_flag', U8),
    m('flags', U16),
    m('cr8', U64),
    m('apic_base', U64),
    anon(exitUnion(debugArch)),
    m('kvm_valid_regs', U64),
    m('kvm_dirty_regs', U64),
    m('s', union('', [m('regs', KVM_SYNC_REGS), m('padding', array(CHAR, SYNC_REGS_SIZE_BYTES))])),
  ]);
}

/** The vCPU's shared page (mmap of the vCPU fd at offset 0), as arm64 userspace sees it. 2352 bytes. */
export const KVM_RUN = kvmRun('kvm_run', KVM_DEBUG_EXIT_ARCH);

/** kvm_run as a pre-5.19 kernel declares it (debug.arch without hsr_high); same size and offsets otherwise. */
export const KVM_RUN_PRE_5_19 = kvmRun('kvm_run_pre_5_19', KVM_DEBUG_EXIT_ARCH_PRE_5_19);

/** KVM_SET_GUEST_DEBUG argument: control bits, pad, and the arm64 hardware debug registers. */
export const KVM_GUEST_DEBUG = struct('kvm_guest_debug', [
  m('control', U32),
  m('pad', U32),
  m('arch', KVM_GUEST_DEBUG_ARCH),
]);

/** KVM_ENABLE_CAP argument. */
export const KVM_ENABLE_CAP = struct('kvm_enable_cap', [
  m('cap', U32),
  m('flags', U32),
  m('args', array(U64, 4)),
  m('pad', array(U8, 64)),
]);

/**
 * KVM_IRQ_LINE argument: on arm64 `irq` packs vcpu2[31:28] type[27:24] vcpu[23:16] id[15:0]
 * (KVM_ARM_IRQ_*); `status` shares its place for KVM_IRQ_LINE_STATUS. `level` 1 raises, 0 lowers.
 */
export const KVM_IRQ_LEVEL = struct('kvm_irq_level', [
  anon(union('', [m('irq', U32), m('status', S32)])),
  m('level', U32),
]);

/** KVM_GET_MP_STATE / KVM_SET_MP_STATE argument: one KVM_MP_STATE_* value. */
export const KVM_MP_STATE = struct('kvm_mp_state', [m('mp_state', U32)]);

/** KVM_GET_ONE_REG / KVM_SET_ONE_REG argument: register id and a userspace pointer to the value. */
export const KVM_ONE_REG = struct('kvm_one_reg', [m('id', U64), m('addr', U64)]);

/** KVM_CREATE_DEVICE argument: `type` (KVM_DEV_TYPE_*) in, `fd` out, `flags` (KVM_CREATE_DEVICE_TEST) in. */
export const KVM_CREATE_DEVICE = struct('kvm_create_device', [m('type', U32), m('fd', U32), m('flags', U32)]);

/**
 * KVM_SET/GET/HAS_DEVICE_ATTR argument (device fd and vCPU fd): `group` and `attr` name the attribute,
 * `addr` is the userspace address of its value (a __u32 or __u64, as the group defines).
 */
export const KVM_DEVICE_ATTR = struct('kvm_device_attr', [
  m('flags', U32),
  m('group', U32),
  m('attr', U64),
  m('addr', U64),
]);

/**
 * KVM_GET_REG_LIST argument (api.rst 4.84): `n` in (how many ids the buffer after it holds) and out (how
 * many the vCPU has); the ids follow as `__u64 reg[]`, a flexible array that is not part of the size.
 */
export const KVM_REG_LIST = struct('kvm_reg_list', [m('n', U64)]);

/**
 * KVM_GET_DIRTY_LOG argument (api.rst 4.8): the slot (address space in bits 31:16, id in 15:0) and a
 * userspace pointer to the bitmap, one bit per page of the slot (`void *dirty_bitmap`, in a union with
 * `__u64 padding2`, so 8 bytes on every ABI).
 */
export const KVM_DIRTY_LOG = struct('kvm_dirty_log', [
  m('slot', U32),
  m('padding1', U32),
  m('dirty_bitmap', U64),
]);

/** Every struct by its C name; the pre-5.19 variants by the names the generated C check declares. */
export const STRUCTS: Readonly<Record<string, StructLayout>> = Object.freeze({
  user_pt_regs: USER_PT_REGS,
  user_fpsimd_state: USER_FPSIMD_STATE,
  kvm_regs: KVM_REGS,
  kvm_vcpu_init: KVM_VCPU_INIT,
  kvm_guest_debug_arch: KVM_GUEST_DEBUG_ARCH,
  kvm_debug_exit_arch: KVM_DEBUG_EXIT_ARCH,
  kvm_debug_exit_arch_pre_5_19: KVM_DEBUG_EXIT_ARCH_PRE_5_19,
  kvm_sync_regs: KVM_SYNC_REGS,
  kvm_userspace_memory_region: KVM_USERSPACE_MEMORY_REGION,
  kvm_run: KVM_RUN,
  kvm_guest_debug: KVM_GUEST_DEBUG,
  kvm_enable_cap: KVM_ENABLE_CAP,
  kvm_irq_level: KVM_IRQ_LEVEL,
  kvm_mp_state: KVM_MP_STATE,
  kvm_one_reg: KVM_ONE_REG,
  kvm_create_device: KVM_CREATE_DEVICE,
  kvm_device_attr: KVM_DEVICE_ATTR,
});

/** The structs whose layout changed in 5.19, and their pre-5.19 declarations. */
export const PRE_5_19_VARIANTS: Readonly<Record<string, StructLayout>> = Object.freeze({
  kvm_debug_exit_arch: KVM_DEBUG_EXIT_ARCH_PRE_5_19,
  kvm_run: KVM_RUN_PRE_5_19,
});
