// The /ws/voice socket: JSON messages and binary PCM16, with reconnect on an unexpected drop.

/** Close codes after which reconnecting would only fail again (limits, bad input, a refused ticket). */
const FINAL_CODES = new Set([1000, 1008, 1009, 1013, 4401, 4403]);
const MAX_ATTEMPTS = 5;

export class VoiceSocket {
  /**
   * @param {object} handlers
   * @param {(message: object) => void} handlers.onMessage
   * @param {(data: ArrayBuffer) => void} handlers.onAudio
   * @param {() => void} handlers.onOpen  every (re)connection
   * @param {(info: {code: number, reason: string, retryInMs?: number, attempt?: number}) => void} handlers.onDrop
   * @param {(info: {code: number, reason: string}) => void} handlers.onClosed  closed for good
   * @param {() => Promise<string>} handlers.ticket  a fresh single-use ticket for each (re)connection
   */
  constructor(handlers) {
    this.handlers = handlers;
    this.socket = undefined;
    this.attempt = 0;
    this.retryTimer = undefined;
    this.wanted = false;
  }

  urlWith(ticket) {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}/ws/voice?ticket=${encodeURIComponent(ticket)}`;
  }

  get open() {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  async connect() {
    this.wanted = true;
    clearTimeout(this.retryTimer);
    let ticket;
    try {
      ticket = await this.handlers.ticket();
    } catch (error) {
      // The server said no: final. The server unreachable: a drop like any other.
      if (error.refused) {
        this.wanted = false;
        this.handlers.onClosed({ code: 4401, reason: error.message });
      } else if (this.wanted) this.dropped({ code: 1006, reason: error.message });
      return;
    }
    if (!this.wanted) return;
    const socket = new WebSocket(this.urlWith(ticket));
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.handlers.onOpen();
    };
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') {
        this.handlers.onAudio(event.data);
        return;
      }
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      this.handlers.onMessage(message);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.dropped({ code: event.code, reason: event.reason });
    };
  }

  /** The socket closed or could not open: retry with backoff, unless that would only fail again. */
  dropped(info) {
    if (!this.wanted || FINAL_CODES.has(info.code) || this.attempt >= MAX_ATTEMPTS) {
      this.wanted = false;
      this.handlers.onClosed(info);
      return;
    }
    this.attempt++;
    const retryInMs = Math.min(8000, 500 * 2 ** (this.attempt - 1));
    this.handlers.onDrop({ ...info, retryInMs, attempt: this.attempt });
    this.retryTimer = setTimeout(() => void this.connect(), retryInMs);
  }

  /** Reconnect now instead of waiting for the next attempt. */
  retryNow() {
    if (this.socket) return;
    this.attempt = Math.max(0, this.attempt - 1);
    void this.connect();
  }

  send(message) {
    if (this.open) this.socket.send(JSON.stringify(message));
  }

  sendAudio(buffer) {
    // Drop audio rather than queue it behind a stalled connection.
    if (this.open && this.socket.bufferedAmount < 256 * 1024) this.socket.send(buffer);
  }

  close() {
    this.wanted = false;
    clearTimeout(this.retryTimer);
    this.socket?.close(1000, 'client');
    this.socket = undefined;
  }
}
