#!/usr/bin/env bash
# The dev-server flags Gennaker needs: its search attributes and Workflow Update enabled.
# Keep in step with SearchAttribute in workflows/model/workflow-input.ts.
for attr in GennakerApplication GennakerPipelineName GennakerPipelineConfigId GennakerStatus GennakerTriggerType; do
  printf -- '--search-attribute %s=Keyword ' "$attr"
done
printf -- '--dynamic-config-value frontend.enableUpdateWorkflowExecution=true '
printf -- '--dynamic-config-value frontend.enableUpdateWorkflowExecutionAsyncAccepted=true '
