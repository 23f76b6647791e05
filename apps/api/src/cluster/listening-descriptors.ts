import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * How many of a process's descriptors are the socket listening on `port`
 * (Linux: /proc/net/tcp and /proc/<pid>/fd). For tests of the workers' accept
 * copies: a count, where a log line would only say that they were asked for.
 */
export function listeningDescriptors(pid: number, port: number): number {
  return socketDescriptors(pid, port, LISTEN);
}

const LISTEN = '0A';
const ESTABLISHED = '01';

/** How many connections accepted on `port` a process holds (a worker's share of the clients). */
export function acceptedConnections(pid: number, port: number): number {
  return socketDescriptors(pid, port, ESTABLISHED);
}

function socketDescriptors(pid: number, port: number, state: string): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is field 1 (ADDR:PORT), st is field 3 (0A = LISTEN, 01 = ESTABLISHED), inode is field 9.
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === state && fields[9]) inodes.add(fields[9]);
    }
  }
  let count = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) count += 1;
    } catch {
      // closed while listing
    }
  }
  return count;
}
