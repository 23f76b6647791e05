import { execFile } from 'node:child_process';
import { open, realpath } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/** What a confined interpreter sees: these host paths, read-only, at the same place. */
export interface InterpreterLayout {
  /** The interpreter's real path, which the sandbox executes. */
  executable: string;
  /** Files and folders bound read-only at their own path. */
  binds: string[];
  /** The ELF program interpreter (dynamic loader) as the binary names it → its real file. */
  loader?: { path: string; target: string };
}

// Modules a solution may import that load shared libraries of their own; loading them here
// shows which library folders the interpreter needs.
const probe = `
import json, sys, sysconfig
for name in ("ctypes", "decimal", "hashlib", "math", "random", "bisect", "heapq", "array", "zlib",
             "datetime", "fractions", "statistics", "itertools", "collections", "functools", "re"):
    try:
        __import__(name)
    except Exception:
        pass
maps = set()
with open("/proc/self/maps") as f:
    for line in f:
        parts = line.split(None, 5)
        if len(parts) == 6 and parts[5].startswith("/"):
            maps.add(parts[5].strip())
paths = sysconfig.get_paths()
print(json.dumps({"executable": sys.executable, "stdlib": paths["stdlib"], "platstdlib": paths["platstdlib"],
                  "maps": sorted(maps)}))
`;

const probeOutput = z.object({
  executable: z.string().min(1),
  stdlib: z.string().min(1),
  platstdlib: z.string().min(1),
  maps: z.array(z.string()),
});

/**
 * Asks the interpreter (run directly, with our own probe code only) where its
 * standard library and shared libraries are, so the sandbox binds exactly
 * those and nothing else of the host.
 */
export async function probeInterpreterLayout(pythonPath: string): Promise<InterpreterLayout> {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      pythonPath,
      ['-I', '-S', '-B', '-c', probe],
      { env: {}, timeout: 10_000, maxBuffer: 1024 * 1024 },
      (error, out) =>
        error ? reject(new Error(`${pythonPath} did not start: ${error.message}`)) : resolve(out),
    );
  });
  const found = probeOutput.parse(JSON.parse(stdout));
  const executable = await realpath(found.executable);
  const binds = new Set<string>([executable]);
  for (const folder of [found.stdlib, found.platstdlib]) binds.add(await realpath(folder));
  for (const file of found.maps) {
    if (file === executable || file.startsWith('/dev/') || file.startsWith('/memfd:')) continue;
    binds.add(dirname(await realpath(file)));
  }
  const interp = await elfInterpreter(executable);
  const loader = interp ? { path: interp, target: await realpath(interp) } : undefined;
  return { executable, binds: collapse([...binds]), ...(loader ? { loader } : {}) };
}

/** Drops paths inside another path of the list. */
function collapse(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort();
  return sorted.filter((p) => !sorted.some((q) => q !== p && p.startsWith(`${q}/`)));
}

/** PT_INTERP of a 64-bit little-endian ELF file (elf(5)), or undefined for a static binary. */
async function elfInterpreter(file: string): Promise<string | undefined> {
  const handle = await open(file, 'r');
  try {
    const header = Buffer.alloc(64);
    await handle.read(header, 0, 64, 0);
    if (header.readUInt32BE(0) !== 0x7f454c46 || header[4] !== 2 || header[5] !== 1) return undefined;
    const phoff = Number(header.readBigUInt64LE(32));
    const phentsize = header.readUInt16LE(54);
    const phnum = header.readUInt16LE(56);
    const table = Buffer.alloc(phentsize * phnum);
    await handle.read(table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i += 1) {
      const at = i * phentsize;
      if (table.readUInt32LE(at) !== 3) continue; // PT_INTERP
      const offset = Number(table.readBigUInt64LE(at + 8));
      const size = Number(table.readBigUInt64LE(at + 32));
      const name = Buffer.alloc(size);
      await handle.read(name, 0, size, offset);
      return name.toString('utf8').replace(/\0.*$/su, '');
    }
    return undefined;
  } finally {
    await handle.close();
  }
}
