import type { Scenario } from '../scenario.types';
import { chassisScenario } from './chassis.scenario';

/** Every scenario `npm run bench -- <name>` knows. Add new ones here. */
export const SCENARIOS: readonly Scenario[] = [chassisScenario];

export function findScenario(name: string): Scenario {
  const scenario = SCENARIOS.find((candidate) => candidate.name === name);
  if (!scenario) {
    throw new Error(`unknown scenario "${name}"; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  }
  return scenario;
}
