/**
 * A conversation with a guest's serial console on a child process's stdin/stdout, as a person types
 * at QEMU's -nographic console: wait for a text, type a line, and so on; then wait for the process
 * to end. Carriage returns are dropped from the transcript.
 */
import { spawn } from 'node:child_process';

export interface Step {
  /** Wait until this appears after the previous match. */
  expect: string;
  /** Then type this. */
  send?: string;
}

export interface Transcript {
  output: string;
  code: number | null;
  /** Milliseconds from the start to the process's end. */
  ms: number;
}

export function converse(cmd: string, args: string[], steps: Step[], timeoutMs: number): Promise<Transcript> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let stderr = '';
    let pos = 0;
    let next = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      const waiting = next < steps.length ? `waiting for ${JSON.stringify(steps[next]!.expect)}` : 'waiting for the end';
      reject(new Error(`${cmd}: no end after ${timeoutMs} ms, ${waiting}; output so far:\n${output.slice(-3000)}\n${stderr}`));
    }, timeoutMs);
    const advance = (): void => {
      while (next < steps.length) {
        const at = output.indexOf(steps[next]!.expect, pos);
        if (at < 0) return;
        pos = at + steps[next]!.expect.length;
        const send = steps[next]!.send;
        next++;
        if (send !== undefined) child.stdin.write(send);
      }
    };
    child.stdout.setEncoding('latin1');
    child.stdout.on('data', (d: string) => {
      output += d.replace(/\r/g, '');
      advance();
    });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdin.on('error', () => {}); // the guest may power off while we type
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (next < steps.length) {
        reject(new Error(`${cmd} ended (status ${code}) while waiting for ${JSON.stringify(steps[next]!.expect)}:\n${output.slice(-3000)}\n${stderr}`));
        return;
      }
      resolve({ output, code, ms: Date.now() - started });
    });
  });
}
