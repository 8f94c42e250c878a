/**
 * kvmdbg's ESR_ELx decoder: pure TypeScript (no Node or DOM APIs), usable from the VMM, the GDB stub,
 * the CLI and the browser page. Everything is re-exported here.
 *
 * @module
 */
export type { DecodedEsr, EcInfo, EsrField, FieldKind } from './types.ts';
export { decodeEsr } from './decode.ts';
export { parseEsr, EsrParseError } from './parse.ts';
export { encodeEsr, leafFields, makeEsr } from './encode.ts';
export * from './ec.ts';
export * from './helpers.ts';
export { fscDescription, FSC_DEBUG, isSyncExternalAbort } from './fsc.ts';
export { sysRegName, sysRegTable, binutilsSysRegTable, genericSysRegName, type SysRegEncoding } from './sysregs.ts';
export { formatEsrTree, esrToJson, type EsrJson, type EsrJsonField } from './format.ts';
export { ecFeatureTableMarkdown } from './doc.ts';
