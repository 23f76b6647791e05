// The evidence-linked interview report: every score with the transcript spans it rests on.
// Data: GET /v1/sessions/{id}/report, or the summary this browser received at the end of the interview.
import { apiFetch } from './api-auth.js';
import { band } from './results-view.js';

const $ = (id) => document.getElementById(id);

function el(tag, options = {}, ...children) {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [key, value] of Object.entries(options.attrs ?? {})) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

/** m:ss.t of a session-clock time in ms. */
function clock(ms) {
  const tenths = Math.max(0, Math.round(ms / 100));
  const seconds = Math.floor(tenths / 10);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}.${tenths % 10}`;
}

const spanId = (span) => `t-${span.speaker}-${span.startMs}-${span.endMs}`;

/** Where a follow-up came from: the candidate's own words, or an expected point the answer missed. */
function followUpNote(f) {
  const on =
    f.source === 'llm'
      ? `on the candidate's words “${f.refersTo?.quote ?? ''}”`
      : `on a point the answer missed: ${f.missedPoint ?? 'unknown'}`;
  const setAside = f.rejected
    ? ` (the model's proposal was set aside: ${String(f.rejected).replaceAll('_', ' ')})`
    : '';
  return `Follow-up ${on}${setAside}.`;
}

const gateNames = {
  empty: 'no answer given',
  length: 'too short (score capped at 2)',
  keyword: 'none of the expected points (capped at 4)',
  nonAnswer: 'text addressed to the grader was set aside',
};

async function load(id) {
  try {
    const res = await apiFetch(`/v1/sessions/${encodeURIComponent(id)}/report`);
    const body = await res.json().catch(() => undefined);
    if (res.ok) return { summary: body };
    const saved = sessionStorage.getItem(`report:${id}`);
    if (saved)
      return { summary: JSON.parse(saved), note: 'Shown from this browser: the server could not give it.' };
    return { error: body?.error?.message ?? `The server answered ${res.status}.` };
  } catch {
    const saved = sessionStorage.getItem(`report:${id}`);
    if (saved)
      return {
        summary: JSON.parse(saved),
        note: 'Shown from this browser: the server could not be reached.',
      };
    return { error: 'The server could not be reached.' };
  }
}

function render(summary, note) {
  $('report-score').textContent = summary.overallScore == null ? 'Not scored' : `${summary.overallScore}/10`;
  const started = new Date(summary.startedAt);
  $('report-meta').textContent =
    `${summary.role} · ${summary.experienceLevel} · ${summary.format} · ${started.toLocaleString()} · ${clock(summary.durationMs)} long`;
  const facts = [
    ['Session', summary.sessionId],
    ['Ended by', String(summary.endedBy).replace('_', ' ')],
    ['Rubric version', summary.versions?.rubric ?? '–'],
    ['Prompt version', summary.versions?.prompt ?? '–'],
  ];
  $('report-facts').replaceChildren(
    ...facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]),
  );
  const fill = (id, items, empty) =>
    $(id).replaceChildren(...(items.length ? items : [empty]).map((text) => el('li', { text })));
  fill('report-strengths', summary.strengths ?? [], 'Nothing stood out.');
  fill('report-improvements', summary.improvements ?? [], 'Nothing to add.');
  const blob = new Blob([JSON.stringify(summary, null, 2)], { type: 'application/json' });
  $('report-json').href = URL.createObjectURL(blob);
  $('report-json').download = `interview-report-${summary.sessionId}.json`;

  const cited = new Set();
  const questions = summary.questions ?? [];
  $('report-questions').replaceChildren(
    ...(questions.length
      ? questions.map((q) => renderQuestion(q, cited))
      : [el('li', { className: 'muted', text: 'No question was answered in this interview.' })]),
  );
  $('report-transcript').replaceChildren(
    ...(summary.transcript ?? []).map((span) =>
      el(
        'li',
        {
          className: `tline ${span.speaker}${cited.has(spanId(span)) ? ' cited' : ''}`,
          attrs: { id: spanId(span) },
        },
        el('span', { className: 'when', text: `${clock(span.startMs)}–${clock(span.endMs)}` }),
        el('span', {
          className: 'who',
          text:
            span.speaker === 'candidate'
              ? 'Candidate'
              : span.kind === 'follow_up'
                ? 'Interviewer (follow-up)'
                : 'Interviewer',
        }),
        el('span', { className: 'what', text: span.text }),
      ),
    ),
  );
  if (note) $('report-status').textContent = note;
  else $('report-status').hidden = true;
  for (const id of ['report-head', 'report-questions-panel', 'report-transcript-panel']) $(id).hidden = false;
  document.title = `Interview report · ${summary.role} · ${summary.overallScore ?? 'not scored'}`;
}

const phaseNames = { intro: 'warm-up', wrap_up: 'closing' };

/** The question's rating scale beside its score, the anchor the score reaches marked. */
function renderScale(q) {
  if (!q.scale) return undefined;
  const rows = ['10', '8', '5', '2'].map((level) =>
    el(
      'li',
      {
        className: String(q.anchor) === level ? 'reached' : '',
        attrs: String(q.anchor) === level ? { 'aria-current': 'true' } : {},
      },
      el('span', { className: 'level', text: level }),
      el('span', { text: q.scale[level] ?? '' }),
    ),
  );
  return el(
    'div',
    { className: 'scale' },
    el('p', {
      className: 'small muted',
      text:
        q.graded === false
          ? 'Rating scale (not applied: this answer is not graded)'
          : q.anchor == null
            ? 'Rating scale: the answer is below the 2'
            : `Rating scale: the answer reaches the ${q.anchor}`,
    }),
    el('ol', { className: 'scale-levels' }, ...rows),
  );
}

function renderQuestion(q, cited) {
  const notGraded = q.graded === false;
  const badge = el('span', {
    className: 'badge',
    text: notGraded ? 'not graded' : q.score == null ? 'n/a' : `${q.score}/10`,
    attrs: { 'data-band': notGraded ? 'none' : q.score == null ? 'low' : band(q.score) },
  });
  const head = el('div', { className: 'q' }, badge, el('span', { text: ` ${q.question}` }));
  const meta = el('p', {
    className: 'muted small',
    text: notGraded
      ? `${phaseNames[q.phase] ?? q.phase} · not graded: warm-up and closing answers are shown, never scored`
      : `${q.phase} · ${q.kind} · graded by ${q.evaluator ?? 'nobody'}`,
  });
  const item = el('li', { className: 'report-question' }, head, meta);
  if (q.followUp) item.append(el('p', { className: 'follow-up small', text: followUpNote(q.followUp) }));
  const scale = renderScale(q);
  if (scale) item.append(scale);
  item.append(el('p', { text: q.answer ? q.feedback : 'Not answered.' }));
  if (q.setAside?.length) {
    item.append(
      el('h3', { className: 'small', text: 'Set aside: text aimed at the grader, which earned nothing' }),
      el(
        'ul',
        { className: 'set-aside' },
        ...q.setAside.map((f) =>
          el('li', {}, el('span', { className: 'muted', text: `${f.kind}: ` }), el('q', { text: f.excerpt })),
        ),
      ),
    );
  }
  const fired = Object.entries(q.gates ?? {})
    .filter(([, on]) => on === true)
    .map(([name]) => gateNames[name] ?? name);
  if (fired.length)
    item.append(el('p', { className: 'gates small', text: `Rules applied: ${fired.join('; ')}.` }));
  if (q.evidence?.length) {
    const list = el('ul', { className: 'evidence' });
    for (const span of q.evidence) {
      cited.add(spanId(span));
      list.append(
        el(
          'li',
          {},
          el('a', {
            attrs: { href: `#${spanId(span)}` },
            text: `${clock(span.startMs)}–${clock(span.endMs)}`,
          }),
          el('q', { text: span.text }),
        ),
      );
    }
    item.append(el('h3', { className: 'small', text: 'Evidence' }), list);
  }
  if (q.code) {
    const tests = q.code.total ? ` · tests passed ${q.code.passed ?? 0}/${q.code.total}` : '';
    item.append(
      el('h3', { className: 'small', text: `Submitted code (${q.code.language}${tests})` }),
      el('pre', { className: 'code' }, el('code', { text: q.code.source })),
    );
  }
  return item;
}

const id = new URLSearchParams(location.search).get('id');
if (!id) {
  $('report-status').textContent =
    'No session given: open this page from the end of an interview (…/report.html?id=SESSION).';
} else {
  load(id).then(({ summary, note, error }) => {
    if (error) $('report-status').textContent = `The report is not available: ${error}`;
    else render(summary, note);
    $('report').focus();
  });
}
