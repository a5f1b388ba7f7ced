import { type InstanceTask, runInstanceTask } from "./experiment-task.js";

/** Worker-thread entry of the parallel SAT experiment (tinypool calls the default export). */
export default function run(task: InstanceTask) {
  return runInstanceTask(task);
}
