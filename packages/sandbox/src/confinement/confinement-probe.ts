import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { type PythonConfinement, runPython } from '../python-runner.js';
import type { SandboxLimits } from '../sandbox-limits.js';
import { probeInterpreterLayout } from './interpreter-layout.js';
import { seccompFilter } from './seccomp-filter.js';

export type ConfinementStatus = { ok: true; confinement: PythonConfinement } | { ok: false; reason: string };

/**
 * Checks once that a confined run really works here: bubblewrap is present,
 * the kernel lets it create its namespaces (user namespaces may be off, or a
 * container's seccomp may forbid them), the seccomp program loads, and a
 * trivial program returns its value. The reason is one readable line.
 */
export async function probeConfinement(limits: SandboxLimits): Promise<ConfinementStatus> {
  try {
    await access(limits.bwrapPath, constants.X_OK);
  } catch {
    return {
      ok: false,
      reason: `bubblewrap is not installed at ${limits.bwrapPath} (Debian package bubblewrap)`,
    };
  }
  let confinement: PythonConfinement;
  try {
    const layout = await probeInterpreterLayout(limits.pythonPath);
    confinement = { bwrapPath: limits.bwrapPath, layout, seccomp: seccompFilter() };
  } catch (error) {
    return { ok: false, reason: firstLine(error instanceof Error ? error.message : String(error)) };
  }
  const report = await runPython(
    {
      language: 'python',
      code: 'def probe(x):\n    return x + 1\n',
      entryPoint: 'probe',
      tests: [{ args: [1], expected: 2 }],
    },
    { ...limits, perTestMs: 5_000, totalMs: 10_000 },
    confinement,
  );
  if (report.passed === 1) return { ok: true, confinement };
  const said = firstLine(report.output || report.compileError || report.results[0]?.error || 'no result');
  return { ok: false, reason: `bubblewrap could not start a confined run: ${said}` };
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim()) ?? text).trim().slice(0, 300);
}
