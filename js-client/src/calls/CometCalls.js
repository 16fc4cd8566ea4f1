// P2P calls between browsers (`cometCalls`, docs/CALLS.md), ConnectyCube's video chat API (`ConnectyCube.videochat`)
// in shape on our connection: signals go out as `call_signal` commands and come back on pipe `_calls`; the server
// relays them between authorized users of one dev_id and keeps each session's state.

import { CallSession } from "./CallSession.js";
import {
  CALL_DEFAULT_ICE_SERVERS, CALLS_PIPE, CallType, SESSION_ID, SessionConnectionState, SessionState,
} from "./callConstants.js";
import { callSignalCommand } from "../protocol/commands.js";
import { newUuid } from "../protocol/connectionUrl.js";

// Ended session ids remembered, so that late signals of a session closed here do not ring again.
const MAX_FINISHED_SESSIONS = 256;

export class CometCalls {
  /** @param comet the CometServerApi (or a CometClient) whose connection carries the signals */
  constructor(comet) {
    this.comet = comet;
    this.client = comet && comet.client ? comet.client : comet;
    this.log = comet.logger || this.client.log;
    this.CallType = CallType;
    this.SessionState = SessionState;
    this.SessionConnectionState = SessionConnectionState;
    this.settings = {
      iceServers: CALL_DEFAULT_ICE_SERVERS.map((server) => Object.assign({}, server)),
      platform: "web",
      maxParticipants: 4,
      dialingInterval: 5000,
      maxIceRestarts: 3,
      disconnectedRestartDelay: 5000,
      iceBatchDelay: 0,
      autoRejectUnsupported: true,
      RTCPeerConnection: undefined,
      MediaStream: undefined,
      mediaDevices: undefined,
    };
    this.sessions = new Map(); // sessionID -> CallSession
    this.finished = new Set();
    // The page's listeners, as ConnectyCube.videochat's: assign functions to these properties.
    this.onCallListener = null;
    this.onAcceptCallListener = null;
    this.onRejectCallListener = null;
    this.onStopCallListener = null;
    this.onUserNotAnswerListener = null;
    this.onRemoteStreamListener = null;
    this.onUpdateCallListener = null;
    this.onSessionConnectionStateChangedListener = null;
    this.onSessionCloseListener = null;
    this.client.on("message", (event) => this.received(event));
    this.client.on("disconnect", () => {
      if (!this.client.connected) {
        [...this.sessions.values()].forEach((session) => session.connectionLost());
      }
    });
  }

  /**
   * Settings for the sessions created or received afterwards: `iceServers` (RTCIceServer[], default Google's STUN),
   * `platform` ("web"), `maxParticipants` (4, caller included), `dialingInterval` (ms between repeats of the `call`
   * to opponents still ringing, 5000; 0 sends it once), `maxIceRestarts` (3), `disconnectedRestartDelay` (ms a
   * connection may stay disconnected before an ICE restart, 5000; 0 waits for "failed"), `iceBatchDelay` (ms, 0),
   * `autoRejectUnsupported` (true), and `RTCPeerConnection`, `MediaStream`, `mediaDevices` (default the browser's).
   * Returns the settings.
   */
  config(options) {
    if (options) {
      Object.assign(this.settings, options);
    }
    return this.settings;
  }

  /** This connection's user id, as a number when it is one. */
  currentUserId() {
    const options = this.comet.getUserId ? { user_id: this.comet.getUserId() } : this.client.options || {};
    return this.userIdOf(options.user_id);
  }

  userIdOf(value) {
    const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    return typeof number === "number" && Number.isFinite(number) ? number : value;
  }

  /** Whether this browser can take part in calls (has RTCPeerConnection). */
  isSupported() {
    return typeof (this.settings.RTCPeerConnection || globalThis.RTCPeerConnection) === "function";
  }

  /**
   * A new outgoing session with `opponentsIDs` (one user id or an array, at most `maxParticipants - 1`) of
   * `callType` (1 video, the default, or 2 audio). Options: `sessionID` (default a random UUID) and the per-session
   * settings `iceServers`, `platform`, ... as for config(). Then `session.getUserMedia(...)` and `session.call(...)`.
   */
  createSession(opponentsIDs, callType, options) {
    if (!this.isSupported()) {
      throw new Error("cometCalls: this browser has no RTCPeerConnection");
    }
    const me = this.currentUserId();
    const given = Array.isArray(opponentsIDs) ? opponentsIDs : [opponentsIDs];
    const ids = given.map((id) => this.userIdOf(id))
      .filter((id, index, all) => id !== undefined && id !== null && id !== me && all.indexOf(id) === index);
    if (ids.length === 0) {
      throw new Error("cometCalls.createSession: no opponent");
    }
    if (ids.length > this.settings.maxParticipants - 1) {
      throw new Error("cometCalls.createSession: at most " + (this.settings.maxParticipants - 1) + " opponents");
    }
    const sessionOptions = Object.assign({}, options);
    const id = sessionOptions.sessionID || newSessionId();
    if (!SESSION_ID.test(id) || this.sessions.has(id)) {
      throw new Error("cometCalls.createSession: bad or used sessionID " + JSON.stringify(id));
    }
    const session = new CallSession(this, {
      ID: id,
      initiatorID: me,
      opponentsIDs: ids,
      callType: Number(callType) === CallType.AUDIO ? CallType.AUDIO : CallType.VIDEO,
      options: sessionOptions,
    });
    this.sessions.set(id, session);
    return session;
  }

  /** ConnectyCube's name for createSession. */
  createNewSession(opponentsIDs, callType, options) {
    return this.createSession(opponentsIDs, callType, options);
  }

  getSession(sessionID) {
    return this.sessions.get(sessionID);
  }

  /** Closes a session here without telling anyone (ConnectyCube's clearSession). */
  clearSession(sessionID) {
    const session = this.sessions.get(sessionID);
    if (session) {
      session.close();
    }
    return Boolean(session);
  }

  /**
   * The media devices of `kind` ("audioinput", "videoinput", "audiooutput"; all without kind), for
   * switchMediaTracks. Browsers give labels only once the page may use the camera/microphone.
   */
  getMediaDevices(kind) {
    const devices = this.settings.mediaDevices || (globalThis.navigator && globalThis.navigator.mediaDevices);
    if (!devices || typeof devices.enumerateDevices !== "function") {
      return Promise.reject(new Error("this browser cannot enumerate media devices"));
    }
    return devices.enumerateDevices().then((list) => (kind ? list.filter((device) => device.kind === kind) : list));
  }

  // ---- signals

  send(signal) {
    return this.client.command(callSignalCommand(signal));
  }

  received(event) {
    const data = event.data;
    if (event.server_info.pipe !== CALLS_PIPE || data === null || typeof data !== "object") {
      return;
    }
    const type = typeof data.signalType === "string" ? data.signalType : event.server_info.event;
    const sessionID = data.sessionID;
    if (typeof sessionID !== "string" || !SESSION_ID.test(sessionID)) {
      this.log.warn("call signal without a valid sessionID ignored");
      return;
    }
    const from = this.userIdOf(data.from) || 0;
    const session = this.sessions.get(sessionID);
    if (session) {
      session.signal(type, data, from);
    } else if (type === "call" && from !== 0 && from !== this.currentUserId() && !this.finished.has(sessionID)) {
      this.incoming(data, from);
    } else {
      this.log.debug(type + " for session " + sessionID + ", not in progress here, ignored");
    }
  }

  /** A new incoming session: it rings (onCallListener), or is rejected `{not_supported: 1}` without WebRTC. */
  incoming(data, from) {
    if (!this.isSupported()) {
      this.remember(data.sessionID);
      if (this.settings.autoRejectUnsupported) {
        this.log.warn("call " + data.sessionID + " rejected: this browser has no RTCPeerConnection");
        this.send({ signalType: "reject", sessionID: data.sessionID, platform: this.settings.platform,
          userInfo: { not_supported: 1 } });
      }
      return;
    }
    const userInfo = data.userInfo !== null && typeof data.userInfo === "object" ? data.userInfo : {};
    const session = new CallSession(this, {
      ID: data.sessionID,
      initiatorID: this.userIdOf(data.callerID) || from,
      opponentsIDs: (Array.isArray(data.opponentsIDs) ? data.opponentsIDs : []).map((id) => this.userIdOf(id)),
      callType: Number(data.callType),
      extension: userInfo,
    });
    this.sessions.set(data.sessionID, session);
    session.signal("call", data, from);
    this.fire("onCallListener", session, userInfo);
  }

  sessionClosed(session) {
    if (this.sessions.get(session.ID) === session) {
      this.sessions.delete(session.ID);
    }
    this.remember(session.ID);
  }

  remember(sessionID) {
    if (this.finished.size >= MAX_FINISHED_SESSIONS) {
      this.finished.delete(this.finished.values().next().value);
    }
    this.finished.add(sessionID);
  }

  /** Runs a page listener; one that throws must not break the session's bookkeeping. */
  fire(name, ...args) {
    const listener = this[name];
    if (typeof listener !== "function") {
      return;
    }
    try {
      listener.apply(this, args);
    } catch (error) {
      this.log.error(name + " failed: " + (error && error.stack ? error.stack : error));
    }
  }
}

function newSessionId() {
  const crypto = globalThis.crypto;
  return crypto && typeof crypto.randomUUID === "function" ? crypto.randomUUID() : newUuid();
}
