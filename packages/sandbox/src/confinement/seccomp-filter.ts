/**
 * A seccomp filter as classic BPF, in the byte layout bubblewrap's
 * `--seccomp FD` loads (an array of `struct sock_filter`, see
 * linux/filter.h and bwrap(1)). Built here so no libseccomp binding is needed.
 *
 * The filter kills the process for any other architecture's calling
 * convention (x32 and i386 on x86_64, where the numbers differ), answers EPERM
 * for the calls below, ENOSYS for clone3 (libc falls back to clone, whose
 * flags a classic filter can read) and allows everything else.
 */

// linux/filter.h, linux/bpf_common.h
const BPF_LD_W_ABS = 0x20;
const BPF_JEQ_K = 0x15;
const BPF_JGE_K = 0x35;
const BPF_JSET_K = 0x45;
const BPF_RET_K = 0x06;
// linux/seccomp.h
const SECCOMP_RET_KILL_PROCESS = 0x8000_0000;
const SECCOMP_RET_ERRNO = 0x0005_0000;
const SECCOMP_RET_ALLOW = 0x7fff_0000;
const EPERM = 1;
const ENOSYS = 38;
// struct seccomp_data: nr at 0, arch at 4, args[0] (low half on little-endian) at 16.
const OFFSET_NR = 0;
const OFFSET_ARCH = 4;
const OFFSET_ARG0_LOW = 16;
// linux/sched.h: clone flags that would create a namespace.
const CLONE_NAMESPACES =
  0x0002_0000 | 0x1000_0000 | 0x2000_0000 | 0x4000_0000 | 0x0800_0000 | 0x0400_0000 | 0x0200_0000;

export type SeccompArch = 'x64' | 'arm64';

interface ArchTable {
  /** AUDIT_ARCH_* from linux/audit.h. */
  audit: number;
  /** x86_64 marks x32 calls with this bit; they are refused outright. */
  x32Bit?: number;
  clone: number;
  clone3: number;
  /** Which number of `deniedNumbers` is this architecture's. */
  column: 0 | 1;
}

/**
 * What a candidate's program may never call (every name is in the README's
 * threat model), with its number on x86_64 and on aarch64, from
 * /usr/include/x86_64-linux-gnu/asm/unistd_64.h and asm-generic/unistd.h.
 */
const deniedNumbers = {
  // Other processes' memory.
  ptrace: [101, 117],
  process_vm_readv: [310, 270],
  process_vm_writev: [311, 271],
  kcmp: [312, 272],
  pidfd_getfd: [438, 438],
  // New sockets: the result channel is a pipe opened before the program runs.
  socket: [41, 198],
  socketpair: [53, 199],
  // The file system tree and namespaces.
  mount: [165, 40],
  umount2: [166, 39],
  pivot_root: [155, 41],
  chroot: [161, 51],
  move_mount: [429, 429],
  open_tree: [428, 428],
  fsopen: [430, 430],
  fsconfig: [431, 431],
  fsmount: [432, 432],
  fspick: [433, 433],
  mount_setattr: [442, 442],
  unshare: [272, 97],
  setns: [308, 268],
  open_by_handle_at: [304, 265],
  name_to_handle_at: [303, 264],
  // Kernel attack surface a solution never needs.
  keyctl: [250, 219],
  add_key: [248, 217],
  request_key: [249, 218],
  bpf: [321, 280],
  perf_event_open: [298, 241],
  userfaultfd: [323, 282],
  io_uring_setup: [425, 425],
  io_uring_enter: [426, 426],
  io_uring_register: [427, 427],
  fanotify_init: [300, 262],
  syslog: [103, 116],
  lookup_dcookie: [212, 18],
  quotactl: [179, 60],
  personality: [135, 92],
  vhangup: [153, 58],
  // The machine itself.
  kexec_load: [246, 104],
  kexec_file_load: [320, 294],
  init_module: [175, 105],
  finit_module: [313, 273],
  delete_module: [176, 106],
  reboot: [169, 142],
  swapon: [167, 224],
  swapoff: [168, 225],
  acct: [163, 89],
  settimeofday: [164, 170],
  clock_settime: [227, 112],
  adjtimex: [159, 171],
  clock_adjtime: [305, 266],
} as const satisfies Record<string, readonly [x64: number, arm64: number]>;
export type DeniedCall = keyof typeof deniedNumbers;
export const deniedCalls = Object.keys(deniedNumbers) as DeniedCall[];

const archs: Record<SeccompArch, ArchTable> = {
  x64: { column: 0, audit: 0xc000_003e, x32Bit: 0x4000_0000, clone: 56, clone3: 435 },
  arm64: { column: 1, audit: 0xc000_00b7, clone: 220, clone3: 435 },
};

type Instruction = [code: number, jt: number, jf: number, k: number];

/** The filter for `arch` (default: this machine's), as bytes for `bwrap --seccomp`. */
export function seccompFilter(arch: string = process.arch): Buffer {
  const table = archs[arch as SeccompArch];
  if (!table) throw new Error(`no seccomp filter for the ${arch} architecture`);
  const program: Instruction[] = [
    [BPF_LD_W_ABS, 0, 0, OFFSET_ARCH],
    [BPF_JEQ_K, 1, 0, table.audit],
    [BPF_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS],
    [BPF_LD_W_ABS, 0, 0, OFFSET_NR],
  ];
  if (table.x32Bit !== undefined) {
    program.push([BPF_JGE_K, 0, 1, table.x32Bit], [BPF_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS]);
  }
  for (const call of deniedCalls) {
    program.push(
      [BPF_JEQ_K, 0, 1, deniedNumbers[call][table.column]],
      [BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | EPERM],
    );
  }
  program.push(
    [BPF_JEQ_K, 0, 1, table.clone3],
    [BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | ENOSYS],
    // clone with any namespace flag is refused; a thread or a fork is left to RLIMIT_NPROC.
    [BPF_JEQ_K, 0, 3, table.clone],
    [BPF_LD_W_ABS, 0, 0, OFFSET_ARG0_LOW],
    [BPF_JSET_K, 0, 1, CLONE_NAMESPACES],
    [BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | EPERM],
    [BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW],
  );
  const bytes = Buffer.alloc(program.length * 8);
  program.forEach(([code, jt, jf, k], i) => {
    bytes.writeUInt16LE(code, i * 8);
    bytes.writeUInt8(jt, i * 8 + 2);
    bytes.writeUInt8(jf, i * 8 + 3);
    bytes.writeUInt32LE(k >>> 0, i * 8 + 4);
  });
  return bytes;
}
