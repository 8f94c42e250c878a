/**
 * The arm64 KVM ABI as kvmdbg's layers see it: layouts, codecs, constants, ioctls, register ids.
 *
 * @module
 */
export * from './backend.ts';
export * from './layout.ts';
export * from './kvm-structs.ts';
export * from './codec.ts';
export * from './kvm-run.ts';
export * from './constants.ts';
export * from './ioctl.ts';
export * from './one-reg.ts';
export * from './debug-exit.ts';
export * from './guest-debug.ts';
export * from './vcpu-init.ts';
export * from './vgic.ts';
export * from './device.ts';
export * from './kernel-version.ts';
export * from './pahole.ts';
export * from './byte-map.ts';
export * from './debug-exit-view.ts';
export * from './enable-cap.ts';
export * from './mp-state.ts';
export * from './reg-list.ts';
