/**
 * The page state lives in the URL hash so links are shareable: `#esr=0x96000050`,
 * `#esr&dbg=<32 hex>&flags=0x1&endian=be`, `#layout&struct=kvm_run&kernel=5.10`.
 */
export interface PageState {
  view: 'esr' | 'layout';
  params: URLSearchParams;
}

export function readHash(hash: string): PageState {
  const text = hash.replace(/^#/, '');
  const params = new URLSearchParams(text);
  const view = params.has('layout') || text === 'layout' ? 'layout' : 'esr';
  params.delete('layout');
  return { view, params };
}

export function writeHash(state: PageState): string {
  const rest = state.params.toString();
  if (state.view === 'layout') return `#layout${rest ? `&${rest}` : ''}`;
  return rest ? `#${rest}` : '#esr';
}
