// Find the Worker's wrangler config and edit Hyperdrive bindings into it, byte-exactly. See apply.ts for the flow.
export { applyBinding } from "./apply";
export type {
  BindingIo,
  BindingOutcome,
  BindingPrompter,
  BindingReason,
  BindingRequest,
  LocalConnectionStringOutcome,
} from "./apply";
export {
  DEFAULT_BINDING,
  deriveBindingName,
  isValidBindingName,
  suggestBindingName,
  validateBindingFlag,
} from "./binding-name";
export { ConfigSyntaxError, listBindings, readAccountId } from "./document";
export type { Binding, SyntaxProblem } from "./document";
export {
  isGitIgnored,
  LOCAL_CONNECTION_STRING_PREFIX,
  setLocalConnectionString,
} from "./dotenv";
export type { GitIgnoreState } from "./dotenv";
export { FileChangedError, readTextFile, writeFileAtomic } from "./files";
export { findWranglerConfig } from "./locate";
export type { ConfigFormat, ConfigSearch, WranglerConfigFile } from "./locate";
export { planBindingEdit } from "./plan";
export type { BindingPlan, PlanRequest } from "./plan";
export { formatSnippet } from "./snippet";
export { verifyEdit } from "./verify";
export type { IntendedChange } from "./verify";
