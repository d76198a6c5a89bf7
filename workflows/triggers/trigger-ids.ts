import type { TriggerConfig } from '../model/pipeline';

/**
 * The triggers with an `id` each: a trigger saved without one gets `newId()` (a UUID), as Front50
 * does, so schedules, the trigger index and answers can name it. Other values pass unchanged.
 */
export function withTriggerIds(triggers: unknown, newId: () => string): unknown {
  if (!Array.isArray(triggers)) return triggers;
  return triggers.map((t: unknown) => {
    if (typeof t !== 'object' || t === null || Array.isArray(t)) return t;
    const trigger = t as TriggerConfig;
    return typeof trigger.id === 'string' && trigger.id.trim() !== '' ? trigger : { ...trigger, id: newId() };
  });
}
