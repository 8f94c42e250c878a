/** Reads and validates every conformance/scenarios/*.json, in file-name order. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './real-side.ts';
import { ScenarioError, validateScenario, type Scenario } from './scenario.ts';

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
  return out;
}
