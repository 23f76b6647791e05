// The interview page: setup, the live transcript, the interviewer's voice, latency and the summary.
import { apiFetch, voiceTicket } from './api-auth.js';
import { AudioPlayer } from './audio-player.js';
import { describeMicrophoneError, MIC_SAMPLE_RATE, Microphone } from './microphone.js';
import { renderSummary, showEvaluation, showMetrics } from './results-view.js';
import { VoiceSocket } from './voice-socket.js';

const $ = (id) => document.getElementById(id);
const phaseOrder = ['intro', 'technical', 'coding', 'behavioral', 'wrap_up'];
const phaseNames = {
  intro: 'Intro',
  technical: 'Technical',
  coding: 'Coding',
  behavioral: 'Behavioural',
  wrap_up: 'Wrap-up',
};
const fallbackRoles = [
  { id: 'backend', title: 'Backend engineer' },
  { id: 'frontend', title: 'Frontend engineer' },
  { id: 'full-stack', title: 'Full-stack engineer' },
];

const state = {
  choice: undefined, // {role, experienceLevel, format, voice}
  running: false,
  ended: false,
  phase: undefined,
  lines: new Map(), // `${role}:${turnId}` → <li>
  turns: 0,
};

const player = new AudioPlayer();
const microphone = new Microphone({
  onFrame: (pcm) => {
    if (state.running) socket.sendAudio(pcm);
  },
  onLevel: (level) => {
    $('mic-level').value = level;
  },
  onSpeechStart: () => {
    // Barge-in: the candidate talks over the interviewer. Silence now; the server cancels the reply.
    if (player.playing) {
      player.stop();
      socket.send({ type: 'interrupt' });
    }
    setSpeaking('you');
  },
});

const socket = new VoiceSocket({
  // Each connection opens with its own ticket from POST /v1/voice/sessions, bound to this interview.
  ticket: () => voiceTicket(state.choice),
  onOpen: () => {
    setConnection('open', 'Connected');
    // A microphone notice stays; a connection notice is over.
    if ($('alert').dataset.kind === 'connection') hideAlert();
    const { role, experienceLevel, format, durationMinutes } = state.choice;
    socket.send({
      type: 'start',
      role,
      experienceLevel,
      format,
      durationMinutes,
      sampleRate: MIC_SAMPLE_RATE,
    });
  },
  onMessage: (message) => onServerMessage(message),
  onAudio: (data) => player.pushPcm16(data),
  onDrop: ({ retryInMs, attempt }) => {
    state.running = false;
    player.stop();
    setConnection('lost', 'Reconnecting…');
    showAlert(
      `The connection dropped. Reconnecting in ${Math.round(retryInMs / 1000)} s (attempt ${attempt} of 5); a new interview will start.`,
      { action: 'Reconnect now', onAction: () => socket.retryNow(), kind: 'connection' },
    );
  },
  onClosed: ({ code, reason }) => {
    state.running = false;
    // A ticket the server would not give says why in `reason`.
    if (code === 4401 && reason && !state.lastError) state.lastError = reason;
    microphone.stop();
    setMicUi(false);
    setConnection('idle', 'Not connected');
    if (!state.ended && code !== 1000) {
      showAlert(state.lastError ?? 'The connection closed. Start again when you are ready.', {
        action: 'Start again',
        onAction: () => restart(),
      });
    }
  },
});

// ---- setup --------------------------------------------------------------

async function loadRoles() {
  let roles = fallbackRoles;
  try {
    const response = await apiFetch('/v1/roles');
    if (response.ok) {
      const body = await response.json();
      if (Array.isArray(body.roles) && body.roles.length > 0) roles = body.roles;
    }
  } catch (error) {
    // The server needs credentials the page cannot get: say so now, not at Start.
    if (error.refused) showAlert(error.message, { tone: 'info' });
  }
  const select = $('role');
  select.replaceChildren(
    ...roles.map((role) => {
      const option = document.createElement('option');
      option.value = role.id;
      option.textContent = role.title ?? role.id;
      option.dataset.description = role.description ?? '';
      return option;
    }),
  );
  const describe = () => {
    $('role-hint').textContent = select.selectedOptions[0]?.dataset.description ?? '';
  };
  select.addEventListener('change', describe);
  describe();
}

$('setup-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  state.choice = {
    role: form.get('role'),
    experienceLevel: form.get('level'),
    format: form.get('format'),
    durationMinutes: Number(form.get('duration')),
    voice: form.get('mode') === 'voice',
  };
  // The click is the user gesture that lets the page play audio.
  await player.unlock().catch(() => {});
  begin();
});

function begin() {
  state.running = false;
  state.ended = false;
  state.lastError = undefined;
  state.lines.clear();
  state.pendingCandidate = undefined;
  state.turns = 0;
  $('transcript').replaceChildren();
  $('feedback').replaceChildren();
  $('latency-history').hidden = true;
  $('latency-history').tBodies[0].replaceChildren();
  for (const id of ['lat-stt', 'lat-llm', 'lat-tts', 'lat-first']) $(id).textContent = '–';
  $('setup').hidden = true;
  $('summary').hidden = true;
  $('composer').hidden = false;
  $('interview').hidden = false;
  setPhase(undefined);
  setSpeaking('connecting');
  setConnection('connecting', 'Connecting…');
  void socket.connect();
  if (state.choice.voice) void startMicrophone();
  else setMicUi(false);
  $('composer-input').focus();
}

function restart() {
  hideAlert();
  socket.close();
  microphone.stop();
  player.stop();
  $('interview').hidden = true;
  $('summary').hidden = true;
  $('setup').hidden = false;
  $('start').focus();
}

// ---- microphone ---------------------------------------------------------

async function startMicrophone() {
  try {
    await microphone.start();
    setMicUi(true);
  } catch (error) {
    setMicUi(false);
    showAlert(describeMicrophoneError(error), { tone: 'info' });
    $('composer-input').focus();
  }
}

function setMicUi(on) {
  $('mic').setAttribute('aria-pressed', String(on));
  $('mic-label').textContent = on ? 'Microphone on' : 'Microphone off';
  if (!on) $('mic-level').value = 0;
}

$('mic').addEventListener('click', () => {
  if (microphone.active) {
    microphone.stop();
    setMicUi(false);
  } else void startMicrophone();
});

// ---- typed answers and controls -----------------------------------------

$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('composer-input');
  const text = input.value.trim();
  if (!text || !state.running) return;
  if (player.playing) {
    player.stop();
    socket.send({ type: 'interrupt' });
  }
  if ($('as-code').checked)
    socket.send({ type: 'code', code: input.value, language: $('code-language').value });
  else socket.send({ type: 'text', text });
  input.value = '';
});

$('composer-input').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !$('as-code').checked) {
    event.preventDefault();
    $('composer').requestSubmit();
  }
});

$('as-code').addEventListener('change', (event) => {
  $('composer-input').classList.toggle('code', event.target.checked);
});

$('commit').addEventListener('click', () => socket.send({ type: 'commit' }));

$('end').addEventListener('click', () => {
  if (!state.running) return restart();
  $('end').disabled = true;
  setSpeaking('ending');
  socket.send({ type: 'end' });
});

$('again').addEventListener('click', () => restart());

$('alert-dismiss').addEventListener('click', () => hideAlert());

// ---- server messages ----------------------------------------------------

function onServerMessage(message) {
  switch (message.type) {
    case 'session':
      state.running = true;
      $('end').disabled = false;
      setPhase(message.phase);
      setSpeaking('listening');
      break;
    case 'phase':
      setPhase(message.phase);
      break;
    case 'transcript':
      showTranscript(message);
      break;
    case 'audio_start':
      player.begin(message.turnId, message.sampleRate);
      setSpeaking('interviewer');
      break;
    case 'audio_end':
      player.end(message.turnId);
      break;
    case 'clear':
      player.stop(message.turnId);
      break;
    case 'audio':
      void player.pushEncoded(Uint8Array.from(atob(message.audio), (c) => c.charCodeAt(0)));
      break;
    case 'metrics':
      showMetrics(message);
      break;
    case 'evaluation':
      showEvaluation(message);
      break;
    case 'summary':
      showSummary(message.summary ?? message);
      break;
    case 'error':
      state.lastError = message.message;
      showAlert(message.message);
      break;
  }
}

player.onPlayingChange = (playing) =>
  setSpeaking(playing ? 'interviewer' : state.running ? 'listening' : 'idle');

function newLine(role) {
  const line = document.createElement('li');
  line.className = 'line';
  line.dataset.role = role;
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = role === 'interviewer' ? 'Interviewer' : 'You';
  const text = document.createElement('span');
  text.className = 'text';
  line.append(who, text);
  $('transcript').append(line);
  return line;
}

function showTranscript(message) {
  let line;
  if (message.role === 'candidate') {
    // Interim text grows in one line until the final replaces it (their turn ids differ).
    line = state.pendingCandidate ?? newLine('candidate');
    state.pendingCandidate = message.final ? undefined : line;
    if (!message.final) setSpeaking('you');
  } else {
    const key = message.turnId ?? String(state.turns++);
    line = state.lines.get(key);
    if (!line) {
      line = newLine('interviewer');
      state.lines.set(key, line);
    }
  }
  line.dataset.final = String(Boolean(message.final));
  line.dataset.interrupted = String(Boolean(message.interrupted));
  line.querySelector('.text').textContent = message.text;
  const list = $('transcript');
  list.scrollTop = list.scrollHeight;
}

function setPhase(phase) {
  state.phase = phase;
  const index = phaseOrder.indexOf(phase);
  for (const item of $('phases').children) {
    const at = phaseOrder.indexOf(item.dataset.phase);
    item.dataset.state = index >= 0 && at < index ? 'done' : '';
    if (at === index) item.setAttribute('aria-current', 'step');
    else item.removeAttribute('aria-current');
  }
  if (phase) $('phase-announcer').textContent = `Phase: ${phaseNames[phase] ?? phase}`;
  $('as-code').checked = phase === 'coding';
  $('composer-input').classList.toggle('code', phase === 'coding');
}

function showSummary(summary) {
  state.ended = true;
  state.running = false;
  microphone.stop();
  setMicUi(false);
  setSpeaking('idle');
  $('end').disabled = false;
  renderSummary(summary);
  $('composer').hidden = true;
  // The phases reached are done; none is current any more.
  const reached = phaseOrder.indexOf(state.phase);
  for (const item of $('phases').children) {
    if (phaseOrder.indexOf(item.dataset.phase) <= reached) item.dataset.state = 'done';
    item.removeAttribute('aria-current');
  }
  $('summary').hidden = false;
  $('summary').focus();
}

// ---- status bits ----------------------------------------------------------

function setConnection(stateName, text) {
  $('connection-dot').dataset.state = stateName;
  $('connection-text').textContent = text;
}

const speakingText = {
  connecting: 'Connecting…',
  interviewer: 'The interviewer is speaking — just start talking to interrupt.',
  listening: 'Listening. Answer out loud or type below.',
  you: 'Hearing you…',
  ending: 'Wrapping up…',
  idle: 'The interview has ended.',
};

function setSpeaking(who) {
  $('speaking').dataset.who = who;
  $('speaking-text').textContent = speakingText[who] ?? '';
}

let alertAction;
function showAlert(text, options = {}) {
  $('alert').hidden = false;
  $('alert').dataset.tone = options.tone ?? 'error';
  $('alert').dataset.kind = options.kind ?? 'other';
  $('alert-text').textContent = text;
  const button = $('alert-action');
  if (alertAction) button.removeEventListener('click', alertAction);
  alertAction = options.onAction;
  button.hidden = !options.action;
  if (options.action) {
    button.textContent = options.action;
    button.addEventListener('click', alertAction);
  }
}

function hideAlert() {
  $('alert').hidden = true;
}

// For tests and support: what the page has played and sent.
window.voiceClient = {
  player: player.stats,
  microphone: () => ({ active: microphone.active, framesSent: microphone.framesSent }),
  level: () => player.level(),
};

void loadRoles();
