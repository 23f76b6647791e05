/**
 * The load this worker reports to LiveKit, so LiveKit's dispatch sends the
 * next interview to the least loaded worker and none to a full one (the SDK
 * marks the worker full at `threshold`). Two measurements, the larger wins:
 * - the machine's CPU over the last interval;
 * - the running jobs against a job limit: `sessionsPerCore × cores` when set,
 *   otherwise learnt from what each running job was measured to cost
 *   (CPU ÷ jobs, smoothed), so the limit is the number of such jobs that fit
 *   under the threshold.
 */
export interface WorkerLoadOptions {
  /** Cores this worker may use. */
  cores: number;
  /** The load at which LiveKit stops sending jobs (the SDK's loadThreshold). */
  threshold: number;
  /** AGENT_SESSIONS_PER_CORE; 0 → learn the limit from measured CPU per job. */
  sessionsPerCore: number;
  /** Machine CPU in use over one interval, 0…1. */
  sampleCpu: () => Promise<number>;
}

/** How much a new per-job measurement moves the estimate. */
const SMOOTHING = 0.2;

export class WorkerLoad {
  private cpuPerJob: number | undefined;
  /** The last measurement, for logs and metrics. */
  last = { load: 0, cpu: 0, jobs: 0, jobLimit: undefined as number | undefined };

  constructor(private readonly options: WorkerLoadOptions) {
    if (!(options.cores > 0)) throw new RangeError('cores must be positive');
    if (!(options.threshold > 0 && options.threshold <= 1))
      throw new RangeError('threshold must be in (0, 1]');
  }

  /** Jobs this worker takes before it reports itself full; undefined until a job has been measured. */
  get jobLimit(): number | undefined {
    const { sessionsPerCore, cores, threshold } = this.options;
    if (sessionsPerCore > 0) return Math.max(1, Math.floor(sessionsPerCore * cores));
    if (this.cpuPerJob === undefined || this.cpuPerJob <= 0) return undefined;
    // The epsilon keeps 0.7 / 0.1 at 7, not 6.999….
    return Math.max(1, Math.floor(threshold / this.cpuPerJob + 1e-9));
  }

  /** One measurement with `jobs` running: the load to report, 0…1. */
  async measure(jobs: number): Promise<number> {
    const cpu = clamp(await this.options.sampleCpu());
    if (jobs > 0) {
      const perJob = cpu / jobs;
      this.cpuPerJob =
        this.cpuPerJob === undefined ? perJob : this.cpuPerJob + SMOOTHING * (perJob - this.cpuPerJob);
    }
    const limit = this.jobLimit;
    // At the limit the job share equals the threshold: full, whatever the CPU says.
    const byJobs = limit === undefined ? 0 : (jobs / limit) * this.options.threshold;
    const load = clamp(Math.max(cpu, byJobs));
    this.last = { load, cpu, jobs, jobLimit: limit };
    return load;
  }
}

function clamp(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
