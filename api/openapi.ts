/**
 * The OpenAPI 3 description served at `GET /openapi.json`. Hand-written: it documents the
 * Spinnaker-compatible surface, and the loose JSON shapes (pipeline configs keep unknown fields)
 * are described as open objects.
 */
import { triggerOpenApiPaths } from './triggers/openapi-paths';

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ 'application/json': { schema } });
const ok = (description: string, schema: Json) => ({ description, content: json(schema) });
const error = (description: string) => ({ description, content: json(ref('Error')) });

const pathParam = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const queryParam = (name: string, description: string, schema: Json = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});

const app = pathParam('application', 'Application name (case-insensitive).');
const executionId = pathParam('id', 'Execution id (= the Temporal workflow id).');
const configId = pathParam('id', 'Pipeline config id.');
const version = pathParam('version', 'Version number (1 = first save).');
const statuses = queryParam('statuses', 'Comma-separated Orca statuses; empty = any.');
const canaryConfigId = pathParam('id', 'Canary config id.');
const accountName = pathParam('name', 'Account name.');

const common = {
  400: error('Invalid request: every problem listed in `errors`.'),
  401: error('Authentication required (only when auth is configured).'),
  403: error('Missing application permission (only when auth is configured).'),
};

const schemas: Json = {
  Error: {
    type: 'object',
    required: ['status', 'error', 'message', 'errors'],
    properties: {
      status: { type: 'integer' },
      error: { type: 'string', description: 'HTTP reason phrase.' },
      message: { type: 'string' },
      errors: {
        type: 'array',
        items: {
          type: 'object',
          properties: { path: { type: 'string', description: 'JSON path, e.g. stages[1].refId' }, message: { type: 'string' } },
        },
      },
    },
  },
  Ref: { type: 'object', properties: { ref: { type: 'string', example: '/pipelines/01JD…' } } },
  Version: { type: 'object', properties: { version: { type: 'string' } } },
  Application: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      attributes: {
        type: 'object',
        additionalProperties: true,
        description: 'Front50 attributes: email, cloudProviders, description, permissions {READ, WRITE, EXECUTE}, …',
      },
    },
  },
  Task: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      application: { type: 'string' },
      status: { type: 'string', enum: ['SUCCEEDED', 'TERMINAL'] },
      startTime: { type: 'integer' },
      endTime: { type: 'integer' },
      steps: { type: 'array', items: { type: 'object' } },
      variables: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, value: {} } } },
    },
  },
  TaskRequest: {
    type: 'object',
    required: ['job'],
    properties: {
      application: { type: 'string' },
      description: { type: 'string' },
      job: {
        type: 'array',
        items: {
          type: 'object',
          required: ['type'],
          properties: {
            type: { type: 'string', enum: ['createApplication', 'updateApplication', 'deleteApplication'] },
            application: { type: 'object', additionalProperties: true, properties: { name: { type: 'string' } } },
          },
        },
      },
    },
  },
  PipelineConfig: {
    type: 'object',
    additionalProperties: true,
    required: ['application', 'name'],
    description: "Spinnaker's pipeline JSON; unknown fields are kept. updateTs, lastModifiedBy and version are set by the server.",
    properties: {
      id: { type: 'string' },
      application: { type: 'string' },
      name: { type: 'string' },
      stages: { type: 'array', items: { type: 'object', additionalProperties: true } },
      triggers: { type: 'array', items: { type: 'object', additionalProperties: true } },
      parameterConfig: { type: 'array', items: { type: 'object', additionalProperties: true } },
      limitConcurrent: { type: 'boolean' },
      keepWaitingPipelines: { type: 'boolean' },
      disabled: { type: 'boolean' },
      updateTs: { type: 'string', readOnly: true },
      lastModifiedBy: { type: 'string', readOnly: true },
      version: { type: 'integer', readOnly: true },
    },
  },
  Trigger: {
    type: 'object',
    additionalProperties: true,
    properties: {
      type: { type: 'string', enum: ['manual'] },
      parameters: { type: 'object', additionalProperties: true },
      user: { type: 'string', description: 'Ignored when authenticated.' },
      idempotencyKey: { type: 'string', description: 'Same as the Idempotency-Key header.' },
    },
  },
  Stage: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      refId: { type: 'string' },
      type: { type: 'string' },
      name: { type: 'string' },
      status: { type: 'string' },
      context: { type: 'object', additionalProperties: true },
      outputs: { type: 'object', additionalProperties: true },
      startTime: { type: 'integer' },
      endTime: { type: 'integer' },
      requisiteStageRefIds: { type: 'array', items: { type: 'string' } },
    },
  },
  Execution: {
    type: 'object',
    description: "An execution in Orca's shape.",
    properties: {
      id: { type: 'string' },
      type: { type: 'string', enum: ['PIPELINE'] },
      application: { type: 'string' },
      name: { type: 'string' },
      pipelineConfigId: { type: 'string' },
      status: { type: 'string' },
      buildTime: { type: 'integer' },
      startTime: { type: 'integer' },
      endTime: { type: 'integer' },
      trigger: { type: 'object', additionalProperties: true },
      stages: { type: 'array', items: ref('Stage') },
      canceled: { type: 'boolean' },
    },
  },
  StagePatch: {
    type: 'object',
    properties: {
      judgmentStatus: { type: 'string', enum: ['continue', 'stop'] },
      judgmentInput: { type: 'string' },
      comment: { type: 'string' },
      skipRemainingWait: { type: 'boolean' },
      user: { type: 'string', description: 'Ignored when authenticated.' },
      roles: { type: 'array', items: { type: 'string' }, description: 'Only read when auth is off.' },
    },
  },
  CanaryConfig: {
    type: 'object',
    additionalProperties: true,
    required: ['name', 'metrics'],
    description:
      "Kayenta's canary config; unknown fields are kept. A stored config needs at least one application. id (a new UUID when absent on create), createdTimestamp(Iso) and updatedTimestamp(Iso) are set by the server; application names are stored in lower case.",
    properties: {
      id: { type: 'string' },
      name: { type: 'string', description: 'Unique within each of its applications.' },
      description: { type: 'string' },
      applications: { type: 'array', minItems: 1, items: { type: 'string' } },
      judge: { type: 'object', properties: { name: { type: 'string', enum: ['NetflixACAJudge-v1.0', 'GennakerSequential'] } } },
      metrics: { type: 'array', minItems: 1, items: { type: 'object', additionalProperties: true } },
      templates: { type: 'object', additionalProperties: { type: 'string' } },
      classifier: { type: 'object', additionalProperties: true },
      updatedTimestamp: { type: 'integer', readOnly: true },
      updatedTimestampIso: { type: 'string', readOnly: true },
      createdTimestamp: { type: 'integer', readOnly: true },
      createdTimestampIso: { type: 'string', readOnly: true },
    },
  },
  CanaryConfigSummary: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      updatedTimestamp: { type: 'integer' },
      updatedTimestampIso: { type: 'string' },
      applications: { type: 'array', items: { type: 'string' } },
    },
  },
  CanaryConfigId: { type: 'object', properties: { canaryConfigId: { type: 'string' } } },
  CanaryScope: {
    type: 'object',
    required: ['scope', 'start', 'end'],
    properties: {
      scope: { type: 'string' },
      location: { type: 'string' },
      start: { type: 'string', format: 'date-time', description: 'ISO-8601 instant (or epoch ms).' },
      end: { type: 'string', format: 'date-time' },
      step: { type: 'number', description: 'Seconds between points (default 60).' },
      extendedScopeParams: { type: 'object', additionalProperties: { type: 'string' } },
    },
  },
  CanaryExecutionRequest: {
    type: 'object',
    required: ['scopes'],
    properties: {
      scopes: {
        type: 'object',
        description: 'Scope name (a metric\'s scopeName, usually "default") → its control and experiment scopes.',
        additionalProperties: {
          type: 'object',
          required: ['controlScope', 'experimentScope'],
          properties: { controlScope: ref('CanaryScope'), experimentScope: ref('CanaryScope') },
        },
      },
      thresholds: {
        type: 'object',
        description: "Default: the config's classifier.scoreThresholds, else pass 75, marginal 50.",
        properties: { pass: { type: 'number' }, marginal: { type: 'number' } },
      },
    },
  },
  CanaryAdhocRequest: {
    type: 'object',
    required: ['executionRequest'],
    description: 'Give canaryConfig (inline) or canaryConfigId (stored; also accepted as a query parameter), not both.',
    properties: {
      canaryConfig: ref('CanaryConfig'),
      canaryConfigId: { type: 'string' },
      executionRequest: ref('CanaryExecutionRequest'),
      metricsAccountName: { type: 'string' },
    },
  },
  CanaryExecutionId: { type: 'object', properties: { canaryExecutionId: { type: 'string' } } },
  KubernetesAccountDefinition: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'type'],
    description: 'Give kubeconfigFile or kubeconfig, not both. An inline kubeconfig must parse and hold the context (default: its current-context).',
    properties: {
      name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
      type: { type: 'string', enum: ['kubernetes'] },
      kubeconfigFile: { type: 'string', description: "Absolute path of a kubeconfig on the worker's host." },
      kubeconfig: { type: 'string', writeOnly: true, description: 'Inline kubeconfig YAML: stored, never shown again.' },
      context: { type: 'string' },
      namespaces: { type: 'array', items: { type: 'string' }, description: 'Namespaces the account may use; empty or absent: all.' },
    },
  },
  GkeAccountDefinition: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'type', 'project', 'location', 'cluster'],
    properties: {
      name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
      type: { type: 'string', enum: ['gke'] },
      project: { type: 'string', example: 'my-project' },
      location: { type: 'string', example: 'europe-west1' },
      cluster: { type: 'string' },
      namespaces: { type: 'array', items: { type: 'string' } },
    },
  },
  AccountSummary: {
    type: 'object',
    description: "Clouddriver's account list entry (what spin account list decodes).",
    properties: {
      name: { type: 'string' },
      type: { type: 'string', enum: ['kubernetes', 'gke'] },
      cloudProvider: { type: 'string', enum: ['kubernetes'] },
      providerVersion: { type: 'string', example: 'v2' },
      skin: { type: 'string', example: 'v2' },
      accountType: { type: 'string' },
      environment: { type: 'string' },
      requiredGroupMembership: { type: 'array', items: { type: 'string' } },
      permissions: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
      challengeDestructiveActions: { type: 'boolean' },
      primaryAccount: { type: 'boolean' },
    },
  },
  AccountDetails: {
    description: 'The summary plus the settings of the account; the inline kubeconfig is never shown, only kubeconfigInline.',
    allOf: [
      ref('AccountSummary'),
      {
        type: 'object',
        properties: {
          namespaces: { type: 'array', items: { type: 'string' } },
          createdTimestamp: { type: 'integer' },
          kubeconfigFile: { type: 'string' },
          context: { type: 'string' },
          kubeconfigInline: { type: 'boolean', description: 'kubernetes accounts: whether the kubeconfig is stored inline.' },
          project: { type: 'string' },
          location: { type: 'string' },
          cluster: { type: 'string' },
        },
      },
    ],
  },
  CanaryExecutionStatus: {
    type: 'object',
    description: "Kayenta's CanaryExecutionStatusResponse.",
    properties: {
      pipelineId: { type: 'string' },
      canaryExecutionId: { type: 'string' },
      complete: { type: 'boolean' },
      status: { type: 'string', enum: ['running', 'succeeded', 'terminal', 'canceled'] },
      executionStatus: { type: 'string', enum: ['RUNNING', 'SUCCEEDED', 'TERMINAL', 'CANCELED'] },
      result: {
        type: 'object',
        description: 'Only when succeeded.',
        properties: {
          judgeResult: { type: 'object', additionalProperties: true, description: "Kayenta's judge result: results[], groupScores[], score{score, classification, classificationReason}." },
          canaryDuration: { type: 'string', example: 'PT1H' },
        },
      },
      exception: { type: 'object', description: 'Only when terminal or canceled: {exceptionType, details: {error, errors}}.' },
      warnings: { type: 'array', items: { type: 'string' } },
      metricQueries: { type: 'array', items: { type: 'object', additionalProperties: true } },
      canaryConfigId: { type: 'string' },
      config: ref('CanaryConfig'),
      canaryExecutionRequest: ref('CanaryExecutionRequest'),
      metricsAccountName: { type: 'string' },
      buildTimeMillis: { type: 'integer' },
      buildTimeIso: { type: 'string' },
      startTimeMillis: { type: 'integer' },
      startTimeIso: { type: 'string' },
      endTimeMillis: { type: 'integer' },
      endTimeIso: { type: 'string' },
    },
  },
};

const executionActionResponses = {
  200: ok('The execution after the action.', ref('Execution')),
  ...common,
  404: error('Unknown execution.'),
  409: error('Rejected by the execution (not running, not waiting, …).'),
  504: error('No worker answered in time.'),
};

export function openApiDocument(apiVersion: string): Json {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Gennaker API',
      version: apiVersion,
      description:
        "Spinnaker-compatible continuous delivery on Temporal. Paths and shapes follow Spinnaker's API gateway, so spin works unchanged. " +
        'Every error is JSON (see Error). Auth is off unless configured: then send Authorization: Bearer <token>, or run behind a proxy that sets the trusted user header.',
    },
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    paths: {
      '/version': { get: { summary: 'API version', responses: { 200: ok('Version', ref('Version')) } } },
      '/openapi.json': { get: { summary: 'This document', responses: { 200: ok('OpenAPI 3 document', { type: 'object' }) } } },
      ...triggerOpenApiPaths,
      '/applications': {
        get: {
          summary: 'List applications (attributes of each)',
          responses: { 200: ok('Applications', { type: 'array', items: { type: 'object', additionalProperties: true } }), ...common },
        },
      },
      '/applications/{application}': {
        get: {
          summary: 'Get an application',
          parameters: [app, queryParam('expand', 'Accepted for compatibility.', { type: 'boolean' })],
          responses: { 200: ok('Application', ref('Application')), ...common, 404: error('Unknown application.') },
        },
      },
      '/tasks': {
        post: {
          summary: 'Create, update or delete an application (runs at once)',
          requestBody: { required: true, content: json(ref('TaskRequest')) },
          responses: { 200: ok('Task reference', ref('Ref')), ...common },
        },
      },
      '/tasks/{id}': {
        get: {
          summary: 'A finished task (SUCCEEDED, or TERMINAL with the exception in variables)',
          parameters: [pathParam('id', 'Task id.')],
          responses: { 200: ok('Task', ref('Task')), ...common, 404: error('Unknown task.') },
        },
      },
      '/applications/{application}/pipelineConfigs': {
        get: {
          summary: "An application's pipeline configs",
          parameters: [app],
          responses: { 200: ok('Pipeline configs', { type: 'array', items: ref('PipelineConfig') }), ...common },
        },
      },
      '/applications/{application}/pipelineConfigs/{name}': {
        get: {
          summary: 'A pipeline config by name',
          parameters: [app, pathParam('name', 'Pipeline name.')],
          responses: { 200: ok('Pipeline config', ref('PipelineConfig')), ...common, 404: error('Unknown pipeline.') },
        },
      },
      '/pipelines': {
        post: {
          summary: 'Save a pipeline config (creates a new version)',
          description:
            'Target: the config with the given id, else the one with the same application and name, else a new one. Validated on save.',
          parameters: [queryParam('staleCheck', 'Refuse (409) if the stored updateTs differs from the submitted one.', { type: 'boolean' })],
          requestBody: { required: true, content: json(ref('PipelineConfig')) },
          responses: { 200: ok('Saved config', ref('PipelineConfig')), ...common, 409: error('Name taken by another config, or stale.') },
        },
      },
      '/pipelines/{id}': {
        get: {
          summary: 'An execution',
          parameters: [executionId],
          responses: { 200: ok('Execution', ref('Execution')), ...common, 404: error('Unknown execution.') },
        },
        put: {
          summary: 'Save a pipeline config under this id',
          parameters: [configId],
          requestBody: { required: true, content: json(ref('PipelineConfig')) },
          responses: { 200: ok('Saved config', ref('PipelineConfig')), ...common, 409: error('Name taken or stale.') },
        },
      },
      '/pipelines/{application}/{name}': {
        post: {
          summary: 'Start an execution (manual trigger)',
          description:
            'name may also be the config id. Required parameters are checked first (400). An Idempotency-Key header (or body idempotencyKey) makes a retried start answer the same execution.',
          parameters: [
            app,
            pathParam('name', 'Pipeline name or id.'),
            { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } },
          ],
          requestBody: { required: false, content: json(ref('Trigger')) },
          responses: { 202: ok('Started', ref('Ref')), ...common, 404: error('Unknown pipeline.') },
        },
        delete: {
          summary: 'Delete a pipeline config (its history stays and can be restored)',
          parameters: [app, pathParam('name', 'Pipeline name.')],
          responses: { 200: ok('The deleted config', ref('PipelineConfig')), ...common, 404: error('Unknown pipeline.') },
        },
      },
      '/pipelines/v2/{application}/{name}': {
        post: {
          summary: 'Start an execution (same as POST /pipelines/{application}/{name})',
          parameters: [app, pathParam('name', 'Pipeline name or id.')],
          requestBody: { required: false, content: json(ref('Trigger')) },
          responses: { 202: ok('Started', ref('Ref')), ...common, 404: error('Unknown pipeline.') },
        },
      },
      '/pipelineConfigs/{id}/history': {
        get: {
          summary: 'Saved versions of a pipeline config, newest first',
          parameters: [configId, queryParam('limit', 'Versions to return (default 20).', { type: 'integer' })],
          responses: { 200: ok('Versions', { type: 'array', items: ref('PipelineConfig') }), ...common, 404: error('Unknown config.') },
        },
      },
      '/pipelineConfigs/{id}/history/{version}': {
        get: {
          summary: 'One version of a pipeline config',
          parameters: [configId, version],
          responses: { 200: ok('Version', ref('PipelineConfig')), ...common, 404: error('Unknown config or version.') },
        },
      },
      '/pipelineConfigs/{id}/restore/{version}': {
        post: {
          summary: 'Save an old version again as the newest (also brings back a deleted config)',
          parameters: [configId, version],
          responses: {
            200: ok('Restored config', ref('PipelineConfig')),
            ...common,
            404: error('Unknown config or version.'),
            409: error('Its name is now used by another config.'),
          },
        },
      },
      '/executions': {
        get: {
          summary: 'Executions by ids, or the latest per pipeline config',
          parameters: [
            queryParam('executionIds', 'Comma-separated execution ids (statuses and limit are then ignored).'),
            queryParam('pipelineConfigIds', 'Comma-separated pipeline config ids.'),
            queryParam('limit', 'Executions per pipeline config (default 1).', { type: 'integer' }),
            statuses,
          ],
          responses: { 200: ok('Executions, newest first', { type: 'array', items: ref('Execution') }), ...common },
        },
      },
      '/applications/{application}/pipelines': {
        get: {
          summary: "An application's executions",
          parameters: [app, queryParam('limit', 'Executions per pipeline config (default 10).', { type: 'integer' }), statuses],
          responses: { 200: ok('Executions, newest first', { type: 'array', items: ref('Execution') }), ...common },
        },
      },
      '/pipelines/{id}/cancel': {
        put: {
          summary: 'Cancel an execution (a finished one is answered as it is)',
          parameters: [executionId, queryParam('reason', 'Why.')],
          responses: executionActionResponses,
        },
      },
      '/applications/{application}/pipelines/{id}/cancel': {
        put: {
          summary: 'Cancel an execution (any application segment is accepted)',
          parameters: [app, executionId, queryParam('reason', 'Why.')],
          responses: executionActionResponses,
        },
      },
      '/pipelines/{id}/pause': {
        put: { summary: 'Pause: no new stage starts', parameters: [executionId], responses: executionActionResponses },
      },
      '/pipelines/{id}/resume': {
        put: { summary: 'Resume a paused execution', parameters: [executionId], responses: executionActionResponses },
      },
      '/pipelines/{id}/stages/{stageId}': {
        patch: {
          summary: 'Judge a manual judgment stage and/or skip the rest of a wait',
          parameters: [executionId, pathParam('stageId', 'Stage id (refId or name also accepted by the engine).')],
          requestBody: { required: true, content: json(ref('StagePatch')) },
          responses: executionActionResponses,
        },
      },
      '/webhooks/slack/interactions': {
        post: {
          summary: "Slack's interactivity callback: judge a manual judgment from its Slack message (Continue / Stop buttons)",
          description:
            'Form-encoded `payload=` (a Slack `block_actions` JSON), signed by Slack (X-Slack-Signature v0 HMAC over `v0:timestamp:body`, X-Slack-Request-Timestamp within 5 minutes). ' +
            'Needs no API token: the signature authenticates Slack, and the Slack user is mapped to a Gennaker user. Refusals are answered to Slack\'s response_url.',
          security: [],
          requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { payload: { type: 'string' } } } } } },
          responses: {
            200: { description: 'Handled (judged, or refused with a reply to Slack).' },
            400: error('No payload, or not JSON.'),
            401: error('Missing, wrong or stale Slack signature.'),
            404: error('Slack interactions are not configured (GENNAKER_SLACK_SIGNING_SECRET).'),
          },
        },
      },
      '/v2/canaryConfig': {
        get: {
          summary: 'List canary configs (Kayenta)',
          parameters: [queryParam('application', 'Only the configs of this application.'), queryParam('configurationAccountName', 'Accepted and ignored.')],
          responses: { 200: ok('Canary configs by name', { type: 'array', items: ref('CanaryConfigSummary') }), ...common },
        },
        post: {
          summary: 'Create a canary config (answers 200, as spin requires)',
          requestBody: { required: true, content: json(ref('CanaryConfig')) },
          responses: { 200: ok('Its id', ref('CanaryConfigId')), ...common, 409: error('The id exists, or the name is taken in one of its applications.') },
        },
      },
      '/cron/validate': {
        get: {
          summary: "Validate a Quartz cron expression (Gate's shape) and list its next five fire times",
          parameters: [
            { ...queryParam('expression', 'Quartz cron expression (seconds first; `?`, `L`, `W`, `#` allowed).'), required: true },
            queryParam('timezone', 'IANA time zone of the fire times (default UTC).'),
          ],
          responses: {
            200: ok('`{valid: true, description, timezone, nextFireTimes}` or `{valid: false, message, field, timezone}`', { type: 'object', additionalProperties: true }),
            ...common,
          },
        },
      },
      '/v2/canaryConfig/{id}': {
        get: {
          summary: 'A canary config',
          parameters: [canaryConfigId],
          responses: { 200: ok('Canary config', ref('CanaryConfig')), ...common, 404: error('Unknown canary config.') },
        },
        put: {
          summary: 'Replace a canary config',
          parameters: [canaryConfigId],
          requestBody: { required: true, content: json(ref('CanaryConfig')) },
          responses: { 200: ok('Its id', ref('CanaryConfigId')), ...common, 404: error('Unknown canary config.'), 409: error('Name taken in one of its applications.') },
        },
        delete: {
          summary: 'Delete a canary config (answers 200 where Kayenta answers 204: spin accepts only 200)',
          parameters: [canaryConfigId],
          responses: { 200: ok('Its id', ref('CanaryConfigId')), ...common, 404: error('Unknown canary config.') },
        },
      },
      '/v2/canaries/canary': {
        post: {
          summary: 'Run a one-off canary analysis over given windows (a Temporal workflow)',
          parameters: [
            queryParam('canaryConfigId', 'A stored config, instead of canaryConfig in the body.'),
            queryParam('metricsAccountName', 'The metrics account to read (default: the first of each query type).'),
            queryParam('application', 'Recorded; needs EXECUTE on it when auth is on.'),
            queryParam('parentPipelineExecutionId', 'Recorded.'),
            queryParam('storageAccountName', 'Recorded; results live in Temporal.'),
          ],
          requestBody: { required: true, content: json(ref('CanaryAdhocRequest')) },
          responses: { 200: ok('Started', ref('CanaryExecutionId')), ...common, 404: error('Unknown canaryConfigId.') },
        },
      },
      '/v2/canaries/canary/{id}': {
        post: {
          summary: 'Run a one-off canary analysis with a stored config',
          description: 'Here id is a canary config id; the body is the execution request.',
          parameters: [pathParam('id', 'Canary config id.'), queryParam('metricsAccountName', 'The metrics account to read.')],
          requestBody: { required: true, content: json(ref('CanaryExecutionRequest')) },
          responses: { 200: ok('Started', ref('CanaryExecutionId')), ...common, 404: error('Unknown canary config.') },
        },
        get: {
          summary: 'A one-off canary execution: complete is false while it runs',
          parameters: [pathParam('id', 'Canary execution id (= the Temporal workflow id).')],
          responses: { 200: ok('Status', ref('CanaryExecutionStatus')), ...common, 404: error('Unknown canary execution.') },
        },
      },
      '/credentials': {
        get: {
          summary: 'List deploy accounts (Clouddriver shapes)',
          parameters: [queryParam('expand', 'true: each account with its settings, as GET /credentials/{name}.', { type: 'boolean' })],
          responses: { 200: ok('Accounts by name', { type: 'array', items: ref('AccountSummary') }), ...common },
        },
        post: {
          summary: 'Create a deploy account (admin role when auth is on)',
          requestBody: { required: true, content: json({ oneOf: [ref('KubernetesAccountDefinition'), ref('GkeAccountDefinition')], discriminator: { propertyName: 'type' } }) },
          responses: { 200: ok('The account, redacted', ref('AccountDetails')), ...common, 403: error('Not an admin (only when auth is configured).'), 409: error('The name is taken.') },
        },
      },
      '/credentials/{name}': {
        get: {
          summary: 'A deploy account, redacted',
          parameters: [accountName],
          responses: { 200: ok('Account', ref('AccountDetails')), ...common, 404: error('Unknown account.') },
        },
        delete: {
          summary: 'Delete a deploy account (admin role when auth is on)',
          parameters: [accountName],
          responses: { 200: ok('The deleted account, redacted', ref('AccountDetails')), ...common, 403: error('Not an admin (only when auth is configured).'), 404: error('Unknown account.') },
        },
      },
    },
  };
}
