import type { ZodTypeAny } from 'zod';
import type { TriggerConfig } from '../model/pipeline';

/** A trigger type (or a family sharing one shape): its schema and how the trigger index finds it. */
export interface TriggerDefinition {
  /** The `type` values this definition validates. */
  types: readonly string[];
  /** Validates a trigger of these types, common fields included. Unknown fields must pass through. */
  schema: ZodTypeAny;
  /**
   * The key an event of this type is looked up by in the trigger index (source, repository,
   * CI job…). Absent: the trigger is indexed with an empty key.
   */
  matchKey?(trigger: TriggerConfig): string;
}
