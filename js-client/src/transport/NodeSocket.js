// One WebSocket to one comet node that reconnects by itself until closed. It only moves text; what the text
// means is CometClient's business.

import { Backoff } from "./Backoff.js";

const OPEN = 1;

export class NodeSocket {
  /**
   * @param url connection URL
   * @param options WebSocket (constructor), backoff options, connectTimeout (ms), log, and the callbacks
   *                onOpen(), onText(text), onClose(code, reason)
   */
  constructor(url, options) {
    this.url = url;
    this.WebSocketImpl = options.WebSocket;
    this.backoff = new Backoff(options.backoff);
    this.connectTimeout = options.connectTimeout || 10000;
    this.log = options.log;
    this.onOpen = options.onOpen;
    this.onText = options.onText;
    this.onClose = options.onClose;
    this.socket = null;
    this.reconnectTimer = null;
    this.connectTimer = null;
    this.closed = false;
  }

  get isOpen() {
    return this.socket !== null && this.socket.readyState === OPEN;
  }

  open() {
    if (this.closed || this.socket !== null) {
      return;
    }
    this.clearTimers();
    this.log.debug("connect to " + this.url);
    let socket;
    try {
      socket = new this.WebSocketImpl(this.url);
    } catch (error) {
      // A malformed URL or a refused scheme throws synchronously; retrying later is all we can do.
      this.log.error("cannot open " + this.url + ": " + error);
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.connectTimer = setTimeout(() => {
      this.log.warn("connect timeout " + this.url);
      this.drop(socket);
    }, this.connectTimeout);
    socket.onopen = () => {
      clearTimeout(this.connectTimer);
      this.connectTimer = null;
      this.onOpen();
    };
    socket.onmessage = (event) => {
      if (typeof event.data === "string") {
        this.onText(event.data);
      }
    };
    socket.onerror = () => {
      // Browsers always follow an error with a close event; reconnecting is decided there.
    };
    socket.onclose = (event) => {
      if (this.socket === socket) {
        this.socket = null;
        this.onClose(event && event.code, event && event.reason);
        this.scheduleReconnect();
      }
    };
  }

  send(text) {
    if (!this.isOpen) {
      return false;
    }
    this.socket.send(text);
    return true;
  }

  /** The server greeted us: the next failure starts again from the shortest delay. */
  markHealthy() {
    this.backoff.reset();
  }

  /** Skips a pending reconnect delay (the browser reported the network back). */
  reconnectNow() {
    if (!this.closed && this.socket === null) {
      this.open();
    }
  }

  /** Closes for good: no reconnect, no more callbacks. */
  close() {
    this.closed = true;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    if (socket !== null) {
      detach(socket);
      closeQuietly(socket);
    }
  }

  drop(socket) {
    // Treat a hung socket like a closed one: forget it now, reconnect later.
    if (this.socket === socket) {
      this.socket = null;
      detach(socket);
      closeQuietly(socket);
      this.onClose(4000, "connect timeout");
      this.scheduleReconnect();
    }
  }

  scheduleReconnect() {
    if (this.closed) {
      return;
    }
    this.clearTimers();
    const delay = this.backoff.next();
    this.log.debug("reconnect to " + this.url + " in " + delay + " ms");
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.open();
    }, delay);
  }

  clearTimers() {
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.connectTimer);
    this.reconnectTimer = null;
    this.connectTimer = null;
  }
}

function detach(socket) {
  socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
}

function closeQuietly(socket) {
  try {
    socket.close(1000);
  } catch (ignored) {
    // already closing
  }
}
