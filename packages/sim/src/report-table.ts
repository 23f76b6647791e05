import type { SimReport, Stats } from './sim-report.js';

const sec = (ms: number | undefined) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(2)}s`);

const gaps = (s: Stats | undefined) => (s ? `${sec(s.p50)}/${sec(s.p90)}/${sec(s.max)}` : '-');

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
}

/** The per-persona table `pnpm sim` prints: one block per persona, one row per run. */
export function formatReport(report: SimReport): string {
  const out: string[] = [
    `pnpm sim: ${report.runs.length} run(s) over ${report.transport === 'socket' ? '/ws/voice' : 'the engine in-process'}, ${report.llm === 'both' ? 'with the LLM fake and offline' : report.llm === 'fake' ? 'with the LLM fake' : 'offline'}, time scale ×${report.timeScale}, ${report.espeak.split('  ')[0]}`,
    `(times are interview time; dead air > ${sec(report.limits.deadAirMs)}, talking over > ${sec(report.limits.overlapMs)};`,
    ' evidence: cited spans found in the transcript / cited, ⚠ = cited answer spans that overlap an interviewer line;',
    " follow-ups: asked (quoting the candidate's words / on a missed point), repeats: questions asked twice)",
  ];
  const header = [
    'run',
    'ended',
    'coverage',
    'overall',
    'cut off',
    'cut in (polite)',
    'talked over (in cut-in)',
    'dead air',
    'gap p50/p90/max',
    'evidence',
    'follow-ups',
    'repeats',
    'injections',
  ];
  const widths = [4, 14, 9, 8, 8, 16, 23, 9, 16, 12, 12, 8, 12];
  for (const stab of report.stability) {
    const runs = report.runs.filter((r) => r.persona === stab.persona && r.llm === stab.llm);
    const first = runs[0]!;
    out.push('', `■ ${stab.persona} (${stab.llm === 'fake' ? 'LLM fake' : 'offline'}): ${first.description}`);
    out.push(pad(header, widths));
    runs.forEach((r, i) => {
      const t = r.turnTaking;
      out.push(
        pad(
          [
            String(i + 1),
            r.endedBy,
            `${r.coverage.asked.length}/${r.coverage.planned.length}`,
            r.overallScore === null ? '-' : r.overallScore.toFixed(1),
            String(t.cutOffs.length),
            `${t.cutIns.length} (${t.cutIns.filter((c) => c.polite).length})`,
            `${t.talkedOver.length} (${t.talkedOver.filter((o) => o.inCutIn).length})`,
            String(t.deadAir.length),
            gaps(r.latency.responseGapMs),
            `${r.evidence.cited - r.evidence.missing.length}/${r.evidence.cited}${r.evidence.overlapping.length ? ` (${r.evidence.overlapping.length}⚠)` : ''}`,
            `${r.followUps.asked.length} (${r.followUps.quoting}/${r.followUps.missedPoints})`,
            String(r.followUps.repeated.length),
            r.injections.attempted === 0
              ? '-'
              : `${r.injections.flagged}/${r.injections.attempted} flagged, ${r.followUps.echoingInstructions.length} echoed`,
          ],
          widths,
        ),
      );
    });
    out.push(
      `  scores: ${first.scores.map((s) => `${s.questionId} ${s.score ?? '-'}${s.nonAnswer ? '!' : ''}`).join(' · ') || 'none'}`,
    );
    for (const f of first.followUps.asked) {
      const on = f.source === 'llm' ? `on "${f.quote}"` : `on missed point "${f.missedPoint}"`;
      const set = f.rejected ? ` (model's proposal set aside: ${f.rejected})` : '';
      out.push(`  follow-up ${f.questionId} ${on}${set}: ${f.text}`);
    }
    for (const r of runs) {
      const phases = Object.entries(r.latency.responseGapByPhaseMs);
      if (phases.length === 0) continue;
      out.push(
        `  response gap p50/p90/max by phase: ${phases.map(([phase, s]) => `${phase} ${gaps(s)} (${s.n})`).join(' · ')}`,
        `    of which end of speech → turn ended ${gaps(r.latency.turnTakingMs)}, turn ended → first audio ${gaps(r.latency.replyMs)}`,
      );
    }
    const fa = first.latency.firstAudioMs;
    out.push(
      `  latency (wall): first audio p50 ${fa?.p50 ?? '-'} ms, max ${fa?.max ?? '-'} ms; TTS first byte p50 ${first.latency.ttsFirstByteMs?.p50 ?? '-'} ms`,
    );
    out.push(
      `  stability over ${stab.runs} run(s): overall ${stab.overallScores.map((s) => (s === null ? '-' : s.toFixed(1))).join(', ')}; spread ${stab.overallSpread}, per question ${stab.questionSpread}`,
    );
    const errors = runs.flatMap((r) => r.errors);
    if (errors.length > 0) out.push(`  errors: ${errors.map((e) => e.code).join(', ')}`);
  }
  return out.join('\n');
}
