/** The stub exposes one process (pid 1) with one thread (tid 1): the guest's single vCPU. */
export function threadIdText(multiprocess: boolean): string {
  return multiprocess ? 'p1.1' : '1';
}
