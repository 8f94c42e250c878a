/** The ESR view: decode on every keystroke, show the bit-range tree, and apply the debug-exit flag rule. */
import { decodeEsr, parseEsr, type EsrField } from '../esr/index.ts';
import { decodeDebugArch, describeDebugExit, type Endian } from '../abi/index.ts';
import { byId, h, hex, showError } from './dom.ts';

function fieldItem(f: EsrField): HTMLLIElement {
  const hi = f.start + f.width - 1;
  const bits = f.width === 1 ? `${f.start}` : `${hi}..${f.start}`;
  const li = h('li', { 'data-field': f.name },
    h('span', { class: 'bits' }, bits), ' ',
    h('span', { class: 'fname' }, f.name),
    h('span', { class: 'fval' }, hex(f.value)),
    h('span', { class: 'fdesc' }, f.description));
  if (f.longName) li.title = f.longName;
  if (f.fields.length > 0) li.append(fieldList(f.fields));
  return li;
}

function fieldList(fields: EsrField[]): HTMLUListElement {
  return h('ul', { class: 'tree' }, ...fields.map(fieldItem));
}

/** Renders the decoding of `value` into `out`. */
export function renderEsr(out: HTMLElement, value: bigint): void {
  const d = decodeEsr(value);
  const summary = h('p', { class: 'summary' },
    h('code', {}, hex(d.esr, 8)), ` — EC ${hex(d.ec.value, 2)} `, h('strong', { id: 'esr-ec-name' }, d.ec.description),
    ` (${d.ec.name}), IL=${d.il}, ISS=${hex(d.iss)}, ISS2=${hex(d.iss2)}`);
  const warnings = d.warnings.map((w) => h('p', { class: 'warn', role: 'note' }, `warning: ${w}`));
  out.replaceChildren(summary, ...warnings, fieldList(d.fields));
}

export function parseDebugBytes(text: string): Uint8Array {
  const digits = text.replace(/[\s:,]/g, '').replace(/^0x/i, '');
  if (!/^[0-9a-fA-F]*$/.test(digits)) throw new Error('the bytes must be hex digits (spaces allowed)');
  if (digits.length !== 32) throw new Error(`kvm_run.debug.arch is 16 bytes: need 32 hex digits, got ${digits.length}`);
  const b = new Uint8Array(16);
  for (let i = 0; i < 16; i++) b[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return b;
}

export function parseFlags(text: string): number {
  const t = text.trim();
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(t)) throw new Error(`flags '${text}' is not a number (decimal or 0x hex)`);
  const n = Number(t);
  if (n > 0xffff) throw new Error(`flags ${t} does not fit kvm_run.flags (a __u16)`);
  return n;
}

/** Renders what a VMM must conclude from the raw debug.arch bytes, flags and byte order. */
export function renderDebugExit(out: HTMLElement, bytes: Uint8Array, flags: number, endian: Endian): void {
  const v = describeDebugExit(decodeDebugArch(bytes, flags, endian), flags, endian);
  const table = h('table', { id: 'dbg-table' },
    h('thead', {}, h('tr', {}, h('th', {}, 'field'), h('th', {}, 'value'), h('th', {}, 'meaning'))),
    h('tbody', {}, ...v.fields.map((f) => h('tr', { 'data-field': f.name },
      h('td', {}, h('code', {}, f.name)), h('td', { class: 'num' }, f.value), h('td', {}, f.meaning)))));
  const verdict = h('p', { class: 'summary', id: 'dbg-verdict' }, v.verdict);
  const decoded = h('div', { id: 'dbg-esr' });
  renderEsr(decoded, v.arch.esr);
  out.replaceChildren(verdict, h('div', { class: 'scroll' }, table), decoded);
}

export interface EsrViewState {
  esr: string;
  dbg: string;
  flags: string;
  endian: Endian;
}

export function setupEsrView(initial: EsrViewState, onChange: (s: EsrViewState) => void): (s: EsrViewState) => void {
  const input = byId<HTMLInputElement>('esr-input');
  const err = byId<HTMLElement>('esr-error');
  const out = byId<HTMLElement>('esr-output');
  const dbg = byId<HTMLInputElement>('dbg-bytes');
  const flags = byId<HTMLInputElement>('dbg-flags');
  const endian = byId<HTMLSelectElement>('dbg-endian');
  const dbgErr = byId<HTMLElement>('dbg-error');
  const dbgOut = byId<HTMLElement>('dbg-output');

  const state = (): EsrViewState => ({ esr: input.value.trim(), dbg: dbg.value.trim(), flags: flags.value.trim(), endian: endian.value === 'be' ? 'be' : 'le' });

  const updateEsr = () => {
    if (input.value.trim() === '') { showError(err, null); out.replaceChildren(); return; }
    try {
      renderEsr(out, parseEsr(input.value));
      showError(err, null);
      input.removeAttribute('aria-invalid');
    } catch (e) {
      showError(err, (e as Error).message);
      input.setAttribute('aria-invalid', 'true');
      out.replaceChildren();
    }
  };
  const updateDbg = () => {
    if (dbg.value.trim() === '') { showError(dbgErr, null); dbgOut.replaceChildren(); return; }
    try {
      renderDebugExit(dbgOut, parseDebugBytes(dbg.value), parseFlags(flags.value), endian.value === 'be' ? 'be' : 'le');
      showError(dbgErr, null);
    } catch (e) {
      showError(dbgErr, (e as Error).message);
      dbgOut.replaceChildren();
    }
  };
  input.addEventListener('input', () => { updateEsr(); onChange(state()); });
  for (const el of [dbg, flags]) el.addEventListener('input', () => { updateDbg(); onChange(state()); });
  endian.addEventListener('change', () => { updateDbg(); onChange(state()); });

  const apply = (s: EsrViewState) => {
    input.value = s.esr; dbg.value = s.dbg; flags.value = s.flags; endian.value = s.endian;
    updateEsr(); updateDbg();
  };
  apply(initial);
  return apply;
}
