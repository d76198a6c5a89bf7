/** The worker's workflowsPath: every workflow type Gennaker registers. */
export { pipelineWorkflow } from './pipeline-workflow';
export { canaryExecutionWorkflow } from './canary-execution-workflow';
