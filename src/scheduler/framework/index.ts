/** The scheduler framework: its contract, the per-cycle state, node and pod views, and the runner. */
export * from "./types.js";
export { CycleState } from "./cycle-state.js";
export { StaticSnapshot } from "./snapshot.js";
export { NodeInfo } from "./node-info.js";
export { PodInfo, podPriority, type HostPort } from "./pod-info.js";
export { SUCCESS, SKIP, unschedulable, unresolvable, errorStatus } from "./status.js";
export { newDiagnosis, fitErrorMessage, type Diagnosis } from "./diagnosis.js";
export { Framework, type FrameworkOptions, type WeightedPlugin, type NominatedPods, type FilterOutcome, type ScheduleResult } from "./runner.js";
export { defaultNormalizeScore } from "./normalize.js";
export { fitsNodeSelectorAndAffinity, nodeSelectorTermMatches } from "../../apis/common/node-selector.js";
export { tolerationsTolerateTaint, findUntoleratedTaint, isDoNotScheduleTaint } from "./tolerations.js";
export { termMatches, allTermsMatch, type AffinityTerm, type WeightedAffinityTerm, type TermTarget } from "./affinity-term.js";
export type { Resources } from "./resources.js";
