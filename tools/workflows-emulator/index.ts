export { executeWorkflow, type ExecuteOptions, type StepEvent } from './executor.js';
export { parseWorkflow } from './parse.js';
export type { Workflow, Subworkflow, Step } from './definition.js';
export {
  WorkflowDefinitionError,
  WorkflowExecutionError,
  WORKFLOW_ERROR_CODES,
  type WorkflowErrorCode,
} from './errors.js';
export { parseExpression, type Node } from './expression.js';
export type { FetchLike } from './http.js';
export { startExecutionsServer, type ExecutionsServer, type ExecutionsServerOptions } from './executions-server.js';
export { LocalExecutions, type ExecutionResource, type StepEntryResource } from './local-executions.js';
