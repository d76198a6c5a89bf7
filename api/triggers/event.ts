import type { Artifact } from '../../workflows/model/artifacts';
import type { TriggerConfig } from '../../workflows/model/pipeline';

/**
 * One event, parsed from whatever its sender posted, in the shape the dispatcher matches against
 * stored triggers. Each endpoint (webhook, git, docker, CI) builds these.
 */
export interface TriggerEvent {
  /** Trigger types the event can fire (e.g. `['git']`, `['jenkins']`). */
  types: readonly string[];
  /** Trigger-index keys to look candidates up by (several when a repository has two spellings). */
  matchKeys: string[];
  /** Names the delivery: a redelivery has the same id and starts nothing new. */
  deliveryId: string;
  /** Why one enabled trigger does not match (one sentence), or undefined when it does. */
  mismatch(trigger: TriggerConfig): string | undefined;
  /** The type's own fields for the execution's trigger (`hash`, `branch`, `tag`, `digest`…). */
  fields: Record<string, unknown>;
  artifacts: Artifact[];
  /** The event body (capped when copied into the trigger). */
  payload: unknown;
  /** Parameters the event itself carries (a webhook body's `parameters`). */
  parameters?: Record<string, unknown>;
}

/** What one endpoint answers when it has no event to match (a ping, a failed build…). */
export interface SkippedEvent {
  skipped: string;
  deliveryId: string;
  /** Candidates are still looked up so the answer can say why each did not fire. */
  types: readonly string[];
  matchKeys: string[];
  /** Echo answers `eventProcessed: false` to a ping. */
  processed: boolean;
}
