/**
 * Notifications in Spinnaker's shape (Deck/Echo): `notifications[]` on a pipeline, and on a stage
 * with `sendNotifications: true`. Pure types and constants shared by validation, the workflow and
 * the notification activities.
 */

/** Events a pipeline-level notification may list in `when`. */
export const PIPELINE_EVENTS = ['pipeline.starting', 'pipeline.complete', 'pipeline.failed'] as const;
/** Events a stage-level notification may list in `when`. */
export const STAGE_EVENTS = ['stage.starting', 'stage.complete', 'stage.failed'] as const;
/** Extra events of a `manualJudgment` stage. */
export const JUDGMENT_EVENTS = ['manualJudgment', 'manualJudgmentContinue', 'manualJudgmentStop'] as const;

export type PipelineEvent = (typeof PIPELINE_EVENTS)[number];
export type StageEvent = (typeof STAGE_EVENTS)[number];
export type JudgmentEvent = (typeof JUDGMENT_EVENTS)[number];
export type NotificationEvent = PipelineEvent | StageEvent | JudgmentEvent;

/** Channel types, with Spinnaker's names (Deck's notification types) plus a generic `webhook`. */
export const NOTIFICATION_TYPES = ['slack', 'email', 'microsoftteams', 'googlechat', 'githubStatus', 'webhook'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** One notification preference as Deck saves it. */
export interface NotificationConfig {
  type: NotificationType;
  /** Slack channel or webhook URL, email addresses (comma-separated), webhook URL; unused by `githubStatus`. */
  address?: string;
  when: NotificationEvent[];
  /** Custom text per event, `${…}` expressions allowed: `{"pipeline.failed": {"text": "…"}}`. */
  message?: Partial<Record<NotificationEvent, { text?: string }>>;
  level?: 'pipeline' | 'stage';
  /** Email only: carbon copy. */
  cc?: string;
  [field: string]: unknown;
}

/** A summary of the execution sent with every notification (never the whole document). */
export interface NotifiedExecution {
  id: string;
  application: string;
  name: string;
  status: string;
  pipelineConfigId: string;
  buildTime: number;
  startTime?: number;
  endTime?: number;
  trigger: { type: string; user: string; [field: string]: unknown };
  stages: { id: string; refId: string; name: string; type: string; status: string; startTime?: number; endTime?: number }[];
}

/** The stage an event is about. */
export interface NotifiedStage {
  id: string;
  refId: string;
  name: string;
  type: string;
  status: string;
  /** Position in the execution's stages (Deck's `stage=` link parameter). */
  index: number;
  startTime?: number;
  endTime?: number;
  /** manualJudgment: what to show the approver, and the answer once judged. */
  instructions?: string;
  judgmentInputs?: string[];
  judgmentStatus?: string;
  judgmentInput?: string;
  judgedBy?: string;
}

/** What the `sendNotification` activity delivers: one event to one target. */
export interface NotificationRequest {
  /** Same for every retry of one (execution, stage, event, target): receivers drop duplicates by it. */
  idempotencyKey: string;
  type: NotificationType;
  address?: string;
  cc?: string;
  event: NotificationEvent;
  level: 'pipeline' | 'stage';
  /** The configured `message[event].text`, expressions already evaluated. */
  customText?: string;
  execution: NotifiedExecution;
  stage?: NotifiedStage;
}

/** What a delivered notification reports back (kept in the execution document). */
export interface NotificationResult {
  attempts: number;
  /** Why nothing was sent, when the event does not apply (e.g. a GitHub status without a commit). */
  skipped?: string;
}

/** Delivery state of one (event, target), kept in `execution.notifications[]`. */
export interface NotificationRecord {
  type: NotificationType;
  /** The target, with any secret part of a URL elided (`https://hooks.slack.com/services/…`). */
  address?: string;
  event: NotificationEvent;
  /** refId of the stage for stage and judgment events. */
  stage?: string;
  status: 'SENDING' | 'SENT' | 'SKIPPED' | 'FAILED';
  attempts?: number;
  /** FAILED: the last error. */
  error?: string;
  /** SKIPPED: why. */
  reason?: string;
  /** Epoch ms when the delivery started and when it ended. */
  startTime: number;
  endTime?: number;
}

/** Error types the notification activities throw as non-retryable. */
export const NotificationErrorType = {
  NotConfigured: 'NotificationNotConfigured',
  Rejected: 'NotificationRejected',
  InvalidTarget: 'NotificationInvalidTarget',
} as const;

/** A webhook URL's path often is its secret (Slack, Teams, Chat): keep only the host and first segment. */
export function displayAddress(address: string | undefined): string | undefined {
  if (address === undefined || !/^https?:\/\//i.test(address)) return address;
  // Credentials in the authority (`user:pass@`) are dropped too.
  const match = /^(https?:\/\/)(?:[^@/?#]*@)?([^/?#]+)(\/[^/?#]*)?/i.exec(address);
  return match ? `${match[1]}${match[2]}${match[3] ?? ''}/…` : '…';
}

/** `action_id`s of the judgment buttons and select; shared by the Slack channel and the API's Slack interaction route. */
export const SlackJudgmentAction = {
  continue: 'gennaker_judgment_continue',
  stop: 'gennaker_judgment_stop',
  input: 'gennaker_judgment_input',
  block: 'gennaker_judgment',
} as const;

/** What a judgment button carries back to `POST /webhooks/slack/interactions`. */
export interface SlackJudgmentValue {
  executionId: string;
  stageId: string;
}
