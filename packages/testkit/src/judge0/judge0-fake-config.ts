/**
 * The fake's server configuration, with Judge0 CE's own defaults. Source:
 * judge0/judge0 app/helpers/config.rb (the values the code uses when judge0.conf
 * leaves a variable unset) and docs/api/system_and_configuration/configuration_info.md
 * (GET /config_info lists them under these names).
 */
export interface Judge0FakeConfig {
  enable_wait_result: boolean;
  enable_batched_submissions: boolean;
  enable_submission_delete: boolean;
  max_queue_size: number;
  cpu_time_limit: number;
  max_cpu_time_limit: number;
  cpu_extra_time: number;
  max_cpu_extra_time: number;
  wall_time_limit: number;
  max_wall_time_limit: number;
  /** Kilobytes. */
  memory_limit: number;
  max_memory_limit: number;
  stack_limit: number;
  max_stack_limit: number;
  max_processes_and_or_threads: number;
  max_max_processes_and_or_threads: number;
  /** Kilobytes, for every file the program writes (stdout and stderr are files under isolate). */
  max_file_size: number;
  max_max_file_size: number;
  number_of_runs: number;
  max_number_of_runs: number;
  max_submission_batch_size: number;
  allow_enable_network: boolean;
  allow_enable_per_process_and_thread_time_limit: boolean;
  allow_enable_per_process_and_thread_memory_limit: boolean;
  /** When true, base64_encoded defaults to false; otherwise anything but `false` means true (submissions_controller.rb#set_base64_encoded). */
  disable_implicit_base64_encoding: boolean;
  maintenance_mode: boolean;
}

export const judge0DefaultConfig: Judge0FakeConfig = {
  enable_wait_result: true,
  enable_batched_submissions: true,
  enable_submission_delete: false,
  max_queue_size: 100,
  cpu_time_limit: 5,
  max_cpu_time_limit: 15,
  cpu_extra_time: 1,
  max_cpu_extra_time: 5,
  wall_time_limit: 10,
  max_wall_time_limit: 20,
  memory_limit: 128_000,
  max_memory_limit: 512_000,
  stack_limit: 64_000,
  max_stack_limit: 128_000,
  max_processes_and_or_threads: 60,
  max_max_processes_and_or_threads: 120,
  max_file_size: 1024,
  max_max_file_size: 4096,
  number_of_runs: 1,
  max_number_of_runs: 20,
  max_submission_batch_size: 20,
  allow_enable_network: true,
  allow_enable_per_process_and_thread_time_limit: true,
  allow_enable_per_process_and_thread_memory_limit: true,
  disable_implicit_base64_encoding: false,
  maintenance_mode: false,
};

export interface Judge0FakeLanguage {
  id: number;
  name: string;
  is_archived: boolean;
  /** How the fake runs it on this machine; languages without one end as Internal Error. */
  run?: 'python' | 'node' | 'java' | 'cpp';
}

/**
 * Part of Judge0 CE's active language list (db/languages/active.rb), with the
 * ids and names the real server answers. The fake runs Python, JavaScript, Java
 * (with a JDK) and C++ (with g++) with the tools of this machine; the others are listed so a client's
 * language lookup sees what a real server offers.
 */
export const judge0DefaultLanguages: Judge0FakeLanguage[] = [
  { id: 50, name: 'C (GCC 9.2.0)', is_archived: false },
  { id: 54, name: 'C++ (GCC 9.2.0)', is_archived: false, run: 'cpp' },
  { id: 60, name: 'Go (1.13.5)', is_archived: false },
  { id: 62, name: 'Java (OpenJDK 13.0.1)', is_archived: false, run: 'java' },
  { id: 63, name: 'JavaScript (Node.js 12.14.0)', is_archived: false, run: 'node' },
  { id: 70, name: 'Python (2.7.17)', is_archived: false },
  { id: 71, name: 'Python (3.8.1)', is_archived: false, run: 'python' },
  { id: 72, name: 'Ruby (2.7.0)', is_archived: false },
  { id: 74, name: 'TypeScript (3.7.4)', is_archived: false },
];

/** app/enumerations/status.rb */
export const judge0Statuses = {
  1: 'In Queue',
  2: 'Processing',
  3: 'Accepted',
  4: 'Wrong Answer',
  5: 'Time Limit Exceeded',
  6: 'Compilation Error',
  7: 'Runtime Error (SIGSEGV)',
  8: 'Runtime Error (SIGXFSZ)',
  9: 'Runtime Error (SIGFPE)',
  10: 'Runtime Error (SIGABRT)',
  11: 'Runtime Error (NZEC)',
  12: 'Runtime Error (Other)',
  13: 'Internal Error',
  14: 'Exec Format Error',
} as const;
export type Judge0StatusId = keyof typeof judge0Statuses;
