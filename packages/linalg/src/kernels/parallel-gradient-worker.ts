import { workerData } from "node:worker_threads";
import { type GradientWorkerData, gradientWorkerLoop } from "./parallel-gradient.js";

/** Worker-thread entry of createParallelGradient (a second tsup entry, dist/parallel-gradient-worker.js). */
gradientWorkerLoop(workerData as GradientWorkerData);
