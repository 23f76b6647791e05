// The interview page's results: latency figures, each answer's feedback and the summary.

const $ = (id) => document.getElementById(id);

const ms = (value) => (typeof value === 'number' ? `${Math.round(value)} ms` : '–');

export function showMetrics(metrics) {
  const figures = [metrics.sttMs, metrics.llmFirstTokenMs, metrics.ttsFirstByteMs, metrics.firstAudioMs];
  // Typed turns without voice have nothing to time.
  if (figures.every((value) => typeof value !== 'number')) return;
  $('lat-stt').textContent = ms(metrics.sttMs);
  $('lat-llm').textContent = ms(metrics.llmFirstTokenMs);
  $('lat-tts').textContent = ms(metrics.ttsFirstByteMs);
  $('lat-first').textContent = ms(metrics.firstAudioMs);
  const table = $('latency-history');
  const row = document.createElement('tr');
  const cells = [
    String(table.tBodies[0].rows.length + 1),
    ms(metrics.sttMs),
    ms(metrics.llmFirstTokenMs),
    ms(metrics.ttsFirstByteMs),
    ms(metrics.firstAudioMs),
  ];
  for (const value of cells) {
    const cell = document.createElement('td');
    cell.textContent = value.replace(' ms', '');
    row.append(cell);
  }
  table.tBodies[0].prepend(row);
  while (table.tBodies[0].rows.length > 6) table.tBodies[0].lastElementChild.remove();
  table.hidden = false;
}

/** The colour band of a score out of 10. */
export function band(score) {
  return score >= 7 ? 'good' : score >= 4 ? 'mid' : 'low';
}

export function showEvaluation(evaluation) {
  const list = $('feedback');
  if (list.querySelector('.muted')) list.replaceChildren();
  const item = document.createElement('li');
  const badge = document.createElement('span');
  badge.className = 'badge';
  if (evaluation.graded === false) {
    // Warm-up and closing answers are read for feedback, never scored.
    badge.dataset.band = 'none';
    badge.textContent = 'not graded';
  } else {
    badge.dataset.band = band(evaluation.score);
    badge.textContent = `${evaluation.score}/10`;
    if (evaluation.anchor != null && evaluation.scale) {
      badge.title = `Scale ${evaluation.anchor}: ${evaluation.scale[String(evaluation.anchor)]}`;
    }
  }
  item.append(badge, document.createTextNode(evaluation.feedback ?? ''));
  list.prepend(item);
}

/** The end-of-interview summary: score, strengths, improvements, each question, the report link. */
export function renderSummary(summary) {
  $('summary-score').textContent = summary.overallScore == null ? 'Not scored' : `${summary.overallScore}/10`;
  const minutes = Math.max(1, Math.round((summary.durationMs ?? 0) / 60000));
  const answered = (summary.questions ?? []).filter((q) => q.answer).length;
  $('summary-meta').textContent =
    `${summary.role} · ${summary.experienceLevel} · ${summary.format} · about ${minutes} min · ${answered} of ${summary.questions?.length ?? 0} questions answered`;
  const fill = (id, items, empty) => {
    const list = $(id);
    list.replaceChildren(
      ...(items.length ? items : [empty]).map((text) => {
        const item = document.createElement('li');
        item.textContent = text;
        return item;
      }),
    );
  };
  fill('summary-strengths', summary.strengths ?? [], 'Nothing stood out yet: answer a few more questions.');
  fill('summary-improvements', summary.improvements ?? [], 'Nothing to add.');
  $('summary-questions').replaceChildren(
    ...(summary.questions ?? []).map((q) => {
      const item = document.createElement('li');
      const question = document.createElement('div');
      question.className = 'q';
      question.textContent = q.question;
      const result = document.createElement('div');
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.dataset.band = q.graded === false ? 'none' : q.score == null ? 'low' : band(q.score);
      badge.textContent = q.graded === false ? 'not graded' : q.score == null ? 'n/a' : `${q.score}/10`;
      result.append(badge, document.createTextNode(q.answer ? q.feedback : 'Not answered.'));
      item.append(question, result);
      return item;
    }),
  );
  showReportLink(summary);
}

/** The full report (report.html) reads the server's copy, or this browser's when the server cannot give it. */
function showReportLink(summary) {
  const link = $('summary-report');
  if (!link || !summary.sessionId) return;
  try {
    sessionStorage.setItem(`report:${summary.sessionId}`, JSON.stringify(summary));
  } catch {
    // Storage full or blocked: the page still asks the server.
  }
  link.href = `/client/report.html?id=${encodeURIComponent(summary.sessionId)}`;
  link.hidden = false;
}
