/** The OpenAPI description of the trigger event endpoints (spread into api/openapi.ts). */
type Json = Record<string, unknown>;

const answer: Json = {
  type: 'object',
  description: "Echo's answer plus what Gennaker adds.",
  properties: {
    eventProcessed: { type: 'boolean' },
    eventId: { type: 'string', description: 'The delivery id (a redelivery has the same one).' },
    message: { type: 'string' },
    executions: { type: 'array', items: { type: 'object', description: '{application, pipeline, pipelineConfigId, triggerId, triggerIndex, executionId, ref, alreadyStarted}' } },
    refused: { type: 'array', items: { type: 'object', description: '{application, pipeline, pipelineConfigId, triggerId, triggerIndex, reason, errors}' } },
    notMatched: { type: 'array', items: { type: 'object', description: '{application, pipeline, pipelineConfigId, triggerId, triggerIndex, reason}' } },
  },
};

const event = (summary: string, params: string[] = []): Json => ({
  post: {
    summary,
    description: 'No API credentials (as Echo). Bodies above 5 MB are a 413, malformed JSON a 400.',
    parameters: params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } } },
    responses: {
      200: { description: 'Event processed', content: { 'application/json': { schema: answer } } },
      400: { description: 'Malformed event', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      413: { description: 'Body too large', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    },
  },
});

export const triggerOpenApiPaths: Json = {
  '/webhooks/webhook/{source}': event('Webhook event: fires webhook triggers with this source', ['source']),
  '/webhooks/git/{source}': event('Push event of github, gitlab or bitbucket (Cloud): fires git triggers', ['source']),
  '/webhooks/docker/registry': event("CNCF distribution registry notification envelope: fires docker triggers"),
  '/webhooks/docker/dockerhub': event("Docker Hub's webhook: fires docker triggers on index.docker.io"),
  '/webhooks/jenkins/{master}': event("Jenkins Notification plugin JSON: a completed successful build fires jenkins triggers", ['master']),
  '/webhooks/ci/{type}/{master}': event("Igor's build shape from another CI (travis, concourse, wercker, gitlab-ci)", ['type', 'master']),
};
