import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time and resident memory of a process and all its descendants, from
 * Linux's /proc: the cluster primary, its workers and their helpers are one
 * server, as `pnpm start` runs it.
 */
const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ, the unit of /proc/<pid>/stat times on Linux
const PAGE_BYTES = 4096;

interface Stat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime: its own CPU and that of children it has reaped. */
  ticks: number;
}

function readStat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // gone meanwhile
  }
  // The command name (field 2) may hold spaces and parentheses: fields start after its last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const n = (index: number) => Number(fields[index - 3]);
  return { pid, ppid: n(4), ticks: n(14) + n(15) + n(16) + n(17) };
}

/** `root` and every process below it, right now. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(pid);
    children.set(stat.ppid, list);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i] as number) ?? []));
  return tree;
}

/** CPU time (ms) of the tree: a child that exited counts in the parent that reaped it. */
export function treeCpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) ticks += readStat(pid)?.ticks ?? 0;
  return (ticks / CLOCK_TICKS_PER_SECOND) * 1000;
}

export function treeRssBytes(pids: readonly number[]): number {
  let pages = 0;
  for (const pid of pids) {
    try {
      pages += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    } catch {
      // gone meanwhile
    }
  }
  return pages * PAGE_BYTES;
}
