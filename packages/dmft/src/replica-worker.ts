import { type ReplicaTask, type ReplicaTaskResult, runReplicaTask } from "./replica-task.js";

/** Worker-thread entry of solveDmftParallel (a second tsup entry, dist/replica-worker.js). */
export default function replicaWorker(task: ReplicaTask): ReplicaTaskResult {
  return runReplicaTask(task);
}
