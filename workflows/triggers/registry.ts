/**
 * Every trigger type Gennaker validates. Adding a type = one file exporting a TriggerDefinition,
 * plus its line here. A type not listed (e.g. Spinnaker's `artifactory`, `pubsub`, `nexus`) is kept
 * as saved, needs only a `type`, and never fires.
 */
import { buildTrigger } from './build';
import { dockerTrigger } from './docker';
import { gitTrigger } from './git';
import { manualTrigger } from './manual';
import type { TriggerDefinition } from './types';
import { webhookTrigger } from './webhook';

const definitions: TriggerDefinition[] = [
  webhookTrigger,
  gitTrigger,
  dockerTrigger,
  buildTrigger,
  manualTrigger,
  // `cron` and `pipeline` (pipeline completion) definitions are added here by their own modules.
];

const registry = new Map<string, TriggerDefinition>();
for (const definition of definitions) {
  for (const type of definition.types) {
    if (registry.has(type)) throw new Error(`trigger type '${type}' registered twice`);
    registry.set(type, definition);
  }
}

/** The definition of a trigger type, or undefined for a type Gennaker keeps but never fires. */
export function getTriggerDefinition(type: string): TriggerDefinition | undefined {
  return registry.get(type);
}

/** Every trigger type Gennaker validates. */
export function listTriggerTypes(): string[] {
  return [...registry.keys()];
}
