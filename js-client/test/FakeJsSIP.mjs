// A stand-in for JsSIP (npm jssip) in node: the parts the video API and the SIP phone use.

/**
 * JsSIP's surface as the video API uses it: UA with register/call/events, RTCSession with events. `major` 3 hands
 * the browser's RTCPeerConnection to "peerconnection"; 2 (2.0.6, sources in npm's jssip@2.0.6) hands an rtcninja
 * wrapper without addEventListener and emits "addstream"; 1 has no WebSocketInterface either (UA takes ws_servers).
 */
export function fakeJsSIP(major = 3) {
  class Emitter {
    constructor() {
      this.handlers = {};
    }

    on(name, handler) {
      (this.handlers[name] = this.handlers[name] || []).push(handler);
    }

    emit(name, event) {
      (this.handlers[name] || []).slice().forEach((handler) => handler(event));
    }
  }

  class RTCSession extends Emitter {
    constructor(options) {
      super();
      Object.entries(options.eventHandlers || {}).forEach(([name, handler]) => this.on(name, handler));
      this.ended = false;
      this.muted = { audio: false, video: false };
      this.held = false;
      this.answered = undefined;
      this.dtmf = [];
      this.refers = [];
      if (major >= 3) {
        const trackListeners = [];
        const iceListeners = [];
        this.renegotiations = [];
        this.connection = {
          iceConnectionState: "new",
          addEventListener: (type, listener) => (type === "track" ? trackListeners : type === "iceconnectionstatechange"
            ? iceListeners : []).push(listener),
          senders: [],
          statsReport: new Map(),
          getSenders: () => this.connection.senders,
          getStats: async () => this.connection.statsReport,
        };
        this.remoteTrack = (stream) => trackListeners.forEach((listener) => listener({ streams: [stream] }));
        this.iceState = (state) => {
          this.connection.iceConnectionState = state;
          iceListeners.forEach((listener) => listener({}));
        };
      } else {
        this.connection = { onaddstream: null }; // rtcninja.RTCPeerConnection
        this.remoteTrack = (stream) => this.emit("addstream", { stream });
      }
    }

    /** JsSIP 3: a re-INVITE; true when it was sent. */
    renegotiate(options) {
      this.renegotiations.push(options);
      return true;
    }

    isEnded() {
      return this.ended;
    }

    terminate() {
      if (this.ended) {
        throw new Error("INVALID_STATE_ERROR"); // as JsSIP does
      }
      this.ended = true;
      this.emit("ended", { originator: "local", cause: "Terminated" });
    }

    endedByRemote(cause) {
      this.ended = true;
      this.emit("ended", { originator: "remote", cause });
    }

    mute(options) {
      Object.keys(options).forEach((kind) => (this.muted[kind] = this.muted[kind] || options[kind]));
    }

    unmute(options) {
      Object.keys(options).forEach((kind) => (this.muted[kind] = this.muted[kind] && !options[kind]));
    }

    isMuted() {
      return Object.assign({}, this.muted);
    }

    hold() {
      this.held = true;
      return true;
    }

    unhold() {
      this.held = false;
      return true;
    }

    answer(options) {
      this.answered = options;
      this.emit("peerconnection", { peerconnection: this.connection }); // JsSIP emits it inside answer()
    }

    sendDTMF(tones, options) {
      this.dtmf.push([tones, options]);
    }

    refer(target, options) {
      this.refers.push({ target, options });
    }

    isOnHold() {
      return { local: this.held, remote: false };
    }
  }

  const fake = { userAgents: [] };
  if (major >= 2) {
    fake.WebSocketInterface = class {
      constructor(url) {
        this.url = url;
      }
    };
  }
  fake.UA = class extends Emitter {
    constructor(configuration) {
      super();
      if (/\s/.test(configuration.uri)) {
        throw new Error("Invalid parameter: uri"); // JsSIP's ConfigurationError
      }
      this.configuration = configuration;
      this.started = false;
      this.stopped = false;
      this.connected = true;
      this.calls = [];
      fake.userAgents.push(this);
    }

    start() {
      this.started = true;
    }

    stop() {
      this.stopped = true;
    }

    isConnected() {
      return this.connected;
    }

    /** FreeSWITCH offers a call: newRTCSession from the remote side, as JsSIP emits it for an INVITE. */
    incoming(callId, user, displayName) {
      const session = new RTCSession({});
      session.remote_identity = { uri: { user }, display_name: displayName };
      this.emit("newRTCSession", { originator: "remote", session, request: { call_id: callId } });
      return session;
    }

    call(target, options) {
      const session = new RTCSession(options);
      this.calls.push({ target, options, session });
      session.emit("peerconnection", { peerconnection: session.connection }); // JsSIP emits it inside call()
      return session;
    }
  };
  return fake;
}

