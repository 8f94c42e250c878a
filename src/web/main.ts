/** Entry point of the web page: two views, state mirrored in the URL hash. */
import { DEFAULT_KERNEL_PROFILE } from '../kvm/profile.ts';
import { byId } from './dom.ts';
import { readHash, writeHash, type PageState } from './hash.ts';
import { setupEsrView, type EsrViewState } from './esr-view.ts';
import { setupLayoutView, type LayoutViewState } from './layout-view.ts';

function esrState(p: URLSearchParams): EsrViewState {
  return { esr: p.get('esr') ?? '', dbg: p.get('dbg') ?? '', flags: p.get('flags') ?? '0x1', endian: p.get('endian') === 'be' ? 'be' : 'le' };
}
function layoutState(p: URLSearchParams): LayoutViewState {
  return { struct: p.get('struct') ?? 'kvm_debug_exit_arch', kernel: p.get('kernel') ?? DEFAULT_KERNEL_PROFILE };
}

let state: PageState = readHash(location.hash);
let writing = false;

function publish(next: PageState): void {
  state = next;
  writing = true;
  history.replaceState(null, '', writeHash(state));
  writing = false;
}

function showView(view: PageState['view']): void {
  byId('view-esr').hidden = view !== 'esr';
  byId('view-layout').hidden = view !== 'layout';
  for (const v of ['esr', 'layout'] as const) {
    const tab = byId(`tab-${v}`);
    if (v === view) tab.setAttribute('aria-current', 'page'); else tab.removeAttribute('aria-current');
  }
}

const applyEsr = setupEsrView(esrState(state.params), (s) => {
  const p = new URLSearchParams();
  if (s.esr) p.set('esr', s.esr);
  if (s.dbg) { p.set('dbg', s.dbg.replace(/\s+/g, '')); p.set('flags', s.flags); p.set('endian', s.endian); }
  publish({ view: 'esr', params: p });
});
const applyLayout = setupLayoutView(layoutState(state.params), (s) => {
  publish({ view: 'layout', params: new URLSearchParams({ struct: s.struct, kernel: s.kernel }) });
});
showView(state.view);

window.addEventListener('hashchange', () => {
  if (writing) return;
  state = readHash(location.hash);
  showView(state.view);
  if (state.view === 'esr') applyEsr(esrState(state.params)); else applyLayout(layoutState(state.params));
});
