/** The layout view: byte maps of kvm_debug_exit_arch (before/after 5.19, LE/BE) and any struct's fields. */
import {
  byteMap, DEBUG_ARCH_MEANING, flattenLayout, hasHsrHigh, KVM_DEBUG_EXIT_ARCH, KVM_DEBUG_EXIT_ARCH_HSR_U64,
  KVM_DEBUG_EXIT_ARCH_PRE_5_19, movedBytes, parseKernelVersion, STRUCTS, structForKernel,
  type ByteSlot, type Endian, type StructLayout,
} from '../abi/index.ts';
import { DEFAULT_KERNEL_PROFILE, isKernelProfileName, KERNEL_PROFILES } from '../kvm/profile.ts';
import { byId, h } from './dom.ts';

const VARIANTS: { id: string; title: string; long: string; layout: StructLayout }[] = [
  { id: 'pre', title: 'before 5.19', long: 'hsr, 4 bytes of padding, far', layout: KVM_DEBUG_EXIT_ARCH_PRE_5_19 },
  { id: 'post', title: '5.19+', long: 'hsr, hsr_high, far', layout: KVM_DEBUG_EXIT_ARCH },
  { id: 'u64', title: '__u64 hsr', long: 'the rejected alternative: hsr widened to __u64, far', layout: KVM_DEBUG_EXIT_ARCH_HSR_U64 },
];

function cellClass(slot: ByteSlot, moved: boolean): string {
  const base = slot.field === null ? 'pad' : slot.field === 'hsr_high' || slot.label.startsWith('ESR[6') || /ESR\[(3[2-9]|[4-6]\d)/.test(slot.label) ? 'high' : slot.field === 'far' ? 'far' : 'hsr';
  return moved ? `${base} moved` : base;
}

function byteMapTable(endian: Endian): HTMLElement {
  const reference = byteMap(KVM_DEBUG_EXIT_ARCH, endian, DEBUG_ARCH_MEANING);
  const head = h('tr', {}, h('th', { scope: 'col' }, 'offset'),
    ...Array.from({ length: 8 }, (_, i) => h('th', { scope: 'col' }, `+${i}`)), h('th', { scope: 'col' }, '+8 … +15'));
  const rows = VARIANTS.map((v) => {
    const map = byteMap(v.layout, endian, DEBUG_ARCH_MEANING);
    const moved = new Set(v.id === 'u64' ? movedBytes(map, reference).filter((o) => map[o]!.label.startsWith('ESR[') && o < 8 && reference[o]!.field === 'hsr') : []);
    return h('tr', { 'data-variant': v.id },
      h('th', { scope: 'row', title: v.long }, v.title),
      ...map.slice(0, 8).map((s) => h('td', { class: cellClass(s, moved.has(s.offset)), 'data-offset': String(s.offset), title: s.field ?? 'padding' },
        s.field === null ? 'pad' : s.label)),
      // far is the same in every variant: one cell naming its first and last byte.
      h('td', { class: 'far', colspan: '8', 'data-offset': '8', title: 'far' }, `${map[8]!.label} … ${map[15]!.label}`));
  });
  const caption = h('caption', {}, endian === 'le' ? 'little-endian host' : 'big-endian host');
  return h('div', { class: 'scroll' }, h('table', { class: 'bytemap', id: `bytemap-${endian}` }, caption, h('thead', {}, head), h('tbody', {}, ...rows)));
}

export function renderByteMaps(out: HTMLElement): void {
  const legend = h('p', { class: 'legend' },
    h('span', { class: 'hsr' }, 'ESR[31:0]'), h('span', { class: 'high' }, 'ESR[63:32]'),
    h('span', { class: 'far' }, 'FAR'), h('span', { class: 'pad' }, 'padding'), h('span', { class: 'moved' }, 'ESR[31:0] moved'));
  const be = byteMap(KVM_DEBUG_EXIT_ARCH_HSR_U64, 'be', DEBUG_ARCH_MEANING);
  const note = h('p', { class: 'hint', id: 'bytemap-note' },
    `On a big-endian host a __u64 hsr puts ${be[0]!.label}…${be[3]!.label} in bytes 0..3, where every existing VMM reads ESR[31:0]; `
    + 'on little-endian nothing moves. hsr_high keeps both byte orders compatible, and the flag tells new VMMs whether the bytes are real.');
  const rowsExplained = h('ul', { class: 'hint' }, ...VARIANTS.map((v) => h('li', {}, h('strong', {}, v.title), `: ${v.long}`)));
  out.replaceChildren(legend, rowsExplained, byteMapTable('le'), byteMapTable('be'), note);
}

/** A field table (offset, size, type, name) with the holes between fields, for any struct. */
export function renderStruct(out: HTMLElement, name: string, kernel: string): void {
  const layout = structForKernel(name, parseKernelVersion(kernel));
  if (!layout) throw new Error(`unknown struct '${name}'`);
  const fields = flattenLayout(layout);
  const covered = new Uint8Array(layout.size);
  for (const f of fields) covered.fill(1, f.offset, f.offset + f.size);
  type Row = { offset: number; size: number; type: string; name: string; hole: boolean };
  const rows: Row[] = fields.map((f) => ({ offset: f.offset, size: f.size, type: f.type, name: f.name, hole: false }));
  for (let i = 0; i < layout.size;) {
    if (covered[i]) { i++; continue; }
    let j = i;
    while (j < layout.size && !covered[j]) j++;
    rows.push({ offset: i, size: j - i, type: '', name: j === layout.size ? `/* ${j - i} bytes of tail padding */` : `/* XXX ${j - i} bytes hole */`, hole: true });
    i = j;
  }
  rows.sort((a, b) => a.offset - b.offset || Number(a.hole) - Number(b.hole));
  const table = h('table', { id: 'struct-table' },
    h('caption', {}, `struct ${name}: ${layout.size} bytes, aligned to ${layout.align}`),
    h('thead', {}, h('tr', {}, ...['offset', 'size', 'type', 'name'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows.map((r) => h('tr', r.hole ? { class: 'hole' } : { 'data-field': r.name },
      h('td', { class: 'num' }, String(r.offset)), h('td', { class: 'num' }, String(r.size)),
      h('td', {}, h('code', {}, r.type)), h('td', {}, h('code', {}, r.name))))));
  out.replaceChildren(h('div', { class: 'scroll' }, table));
}

export interface LayoutViewState { struct: string; kernel: string }

export function setupLayoutView(initial: LayoutViewState, onChange: (s: LayoutViewState) => void): (s: LayoutViewState) => void {
  renderByteMaps(byId('byte-maps'));
  const select = byId<HTMLSelectElement>('struct-select');
  const kernel = byId<HTMLSelectElement>('struct-kernel');
  const out = byId<HTMLElement>('struct-output');
  select.replaceChildren(...Object.keys(STRUCTS).filter((n) => !n.endsWith('_pre_5_19')).map((n) => h('option', { value: n }, n)));
  // newest first: the layout most readers want
  kernel.replaceChildren(...[...KERNEL_PROFILES].reverse().map((p) =>
    h('option', { value: p.name }, `${p.name} (${hasHsrHigh(parseKernelVersion(p.name)) ? '5.19 and later' : 'before 5.19'})`)));
  const update = () => {
    try { renderStruct(out, select.value, kernel.value); } catch (e) { out.replaceChildren(h('p', { class: 'error', role: 'alert' }, (e as Error).message)); }
  };
  const changed = () => { update(); onChange({ struct: select.value, kernel: kernel.value }); };
  select.addEventListener('change', changed);
  kernel.addEventListener('change', changed);
  const apply = (s: LayoutViewState) => {
    select.value = Object.hasOwn(STRUCTS, s.struct) ? s.struct : 'kvm_debug_exit_arch';
    kernel.value = isKernelProfileName(s.kernel) ? s.kernel : DEFAULT_KERNEL_PROFILE;
    update();
  };
  apply(initial);
  return apply;
}
