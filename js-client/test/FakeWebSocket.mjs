// A WebSocket stand-in (Node 20 has none): records what the client sends and lets a test play the server.

export function fakeWebSocketClass() {
  class FakeWebSocket {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.sent = [];
      this.closedByClient = false;
      this.onopen = this.onmessage = this.onerror = this.onclose = null;
      FakeWebSocket.instances.push(this);
    }

    send(text) {
      if (this.readyState !== 1) {
        throw new Error("send on a socket that is not open");
      }
      this.sent.push(text);
    }

    close() {
      this.closedByClient = true;
      this.readyState = 3;
    }

    // ---- the server's side

    serverOpen() {
      this.readyState = 1;
      this.onopen && this.onopen({});
    }

    serverSend(text) {
      this.onmessage && this.onmessage({ data: text });
    }

    /** Opens and sends CppComet's greeting. */
    serverGreet(authorized = false, hash = "") {
      this.serverOpen();
      this.serverSend(JSON.stringify({ authorized, data: hash, event: "serverInfo", message_send_time: 1, pipe: "sys",
        server: "test" }));
    }

    serverClose(code = 1006) {
      this.readyState = 3;
      this.onclose && this.onclose({ code, reason: "" });
    }
  }
  FakeWebSocket.instances = [];
  FakeWebSocket.last = () => FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
  return FakeWebSocket;
}

/** Lets queued microtasks (coalesced subscription commands) run. */
export function settle() {
  return new Promise((resolve) => setImmediate(resolve));
}
