/** Layer rules of kvmdbg (see README "Layers"). A violation fails `npm test`. */
const layer = (name) => `^src/${name}/`;
module.exports = {
  forbidden: [
    { name: 'abi-is-pure', severity: 'error', comment: 'abi/ is the contract: it imports no other layer',
      from: { path: layer('abi') }, to: { path: '^src/', pathNot: layer('abi') } },
    { name: 'esr-is-pure', severity: 'error', comment: 'esr/ imports no other layer',
      from: { path: layer('esr') }, to: { path: '^src/', pathNot: layer('esr') } },
    { name: 'cpu-knows-no-kvm', severity: 'error', comment: 'cpu/ knows nothing of KVM, the VMM or front ends',
      from: { path: layer('cpu') }, to: { path: '^src/(kvm|vmm|gdbstub|cli|web)/' } },
    { name: 'kvm-is-the-kernel', severity: 'error', comment: 'kvm/ sees only cpu/, abi/ and esr/',
      from: { path: layer('kvm') }, to: { path: '^src/(vmm|gdbstub|cli|web)/' } },
    { name: 'vmm-is-userspace', severity: 'error', comment: 'vmm/ reaches the kernel only through the KvmBackend interface and kvm_run bytes',
      from: { path: layer('vmm') }, to: { path: '^src/(kvm|cpu|gdbstub|cli|web|realkvm)/' } },
    { name: 'realkvm-sees-only-abi', severity: 'error', comment: 'realkvm/ (the /dev/kvm backend) implements the abi/ contract and imports no other layer',
      from: { path: layer('realkvm') }, to: { path: '^src/', pathNot: `${layer('realkvm')}|${layer('abi')}` } },
    { name: 'gdbstub-owns-its-interface', severity: 'error', comment: 'gdbstub/ defines the Target it debugs and imports no other layer (the VMM adapter lives in cli/)',
      from: { path: layer('gdbstub') }, to: { path: '^src/', pathNot: layer('gdbstub') } },
    { name: 'web-is-browser-only', severity: 'error', comment: 'web/ uses only the pure layers (of kvm/, only the list of kernel profiles)',
      from: { path: layer('web') }, to: { path: '^src/(kvm|cpu|vmm|gdbstub|cli)/', pathNot: '^src/kvm/profile\\.ts$' } },
    { name: 'no-node-in-pure-layers', severity: 'error', comment: 'abi/ esr/ cpu/ kvm/ run in the browser too: no Node built-ins',
      from: { path: '^src/(abi|esr|cpu|kvm)/', pathNot: '\\.test\\.ts$' }, to: { dependencyTypes: ['core'] } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
