/** Reads and validates every conformance/scenarios/*.json, in file-name order. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './real-side.ts';
import { ScenarioError, parseNum, validateScenario, type Scenario } from './scenario.ts';

export const SCENARIO_DIR = join(REPO_ROOT, 'conformance', 'scenarios');

export function loadScenarios(dir = SCENARIO_DIR): Scenario[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const out = files.map((f) => {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    } catch (e) {
      throw new ScenarioError(`${f}: not valid JSON: ${(e as Error).message}`);
    }
    return validateScenario(json, f);
  });
  const names = new Set<string>();
  for (const s of out) {
    if (names.has(s.name)) throw new ScenarioError(`two scenarios are named "${s.name}"`);
    names.add(s.name);
  }
  checkNoCodeReuse(out);
  return out;
}

/**
 * No guest address may hold different instruction words in two scenarios. All scenarios run one after
 * the other in one boot, and QEMU's TCG (the CPU under the real kernel) was seen to execute a stale
 * translation left at the same guest PC by an earlier VM (brk #0x1 reported with the ISS of an earlier
 * brk #0x1234 at that address), so a reused address would make the oracle lie.
 */
export function checkNoCodeReuse(scenarios: Scenario[]): void {
  const seen = new Map<bigint, { word: string; scenario: string }>();
  for (const sc of scenarios) {
    const base = parseNum(sc.memory.guestPhysAddr, `${sc.name}: memory.guestPhysAddr`);
    for (const block of sc.code) {
      const start = base + parseNum(block.at, `${sc.name}: code.at`);
      block.words.forEach(([word], i) => {
        const addr = start + BigInt(4 * i);
        const prev = seen.get(addr);
        if (prev && prev.word !== word) {
          throw new ScenarioError(
            `${sc.name}: guest address 0x${addr.toString(16)} holds ${word}, but scenario ${prev.scenario} put ${prev.word} there; ` +
              'use an address no other scenario uses for different code (QEMU may run the stale translation)',
          );
        }
        seen.set(addr, { word, scenario: sc.name });
      });
    }
  }
}
