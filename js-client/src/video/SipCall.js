// One SIP call of the browser's phone (docs/CALLS.md "SIP calls"): a JsSIP session to or from FreeSWITCH, its local
// media, and its status, which JsSIP's events and the server's `_calls`/`sipStatus` frames both move along. The
// browser owns its leg, so hold, DTMF, transfer and hang-up go over SIP from here (FreeSWITCH sees the same as
// from a phone); backends do the same with UPDATE/DELETE on the `calls` table.

import { showStream, stopStream } from "./mediaElements.js";
import { summariseStats } from "./callStats.js";

/** Call statuses, as the server pushes them and as Flashphoner's CALL_STATUS names them. */
export const CALL_STATUS = Object.freeze({
  RING: "RING",
  ESTABLISHED: "ESTABLISHED",
  HOLD: "HOLD",
  FINISH: "FINISH",
  FAILED: "FAILED",
});

const TERMINAL = new Set([CALL_STATUS.FINISH, CALL_STATUS.FAILED]);
// RFC 4733 events a browser can send; "," is JsSIP's pause
const DTMF = /^[0-9A-Da-d#*,]{1,64}$/;

export class SipCall {
  /**
   * @param phone the SipPhone: user agent, options, callbacks
   * @param direction "out" (this browser called) or "in" (FreeSWITCH offers a call)
   * @param peer the target dialled, or the caller's SIP user
   */
  constructor(phone, direction, peer) {
    this.phone = phone;
    this.direction = direction;
    this.peer = peer;
    this.callerName = "";
    this.session = null;
    this.sipCallId = undefined; // the SIP Call-ID of the browser's dialog
    this.sessionId = undefined; // the server's session_id (FreeSWITCH's uuid of this leg) once a frame said it
    this.status = undefined;
    this.cause = undefined;
    this.sipCode = undefined;
    this.serverInfo = {}; // the newest sipStatus frame's data
    this.handlers = new Map(); // status or "*" -> [handler]
    this.mediaOptions = {};
    this.localStream = null;
    this.ownsLocalStream = false;
    this.remoteStream = null;
    this.startTime = 0;
    this.answerTime = 0;
    this.endTime = 0;
  }

  /** Calls `handler(event)` on `status` (one of CALL_STATUS, or "*" for every change). Returns the call. */
  on(status, handler) {
    if (typeof handler === "function") {
      const list = this.handlers.get(status) || [];
      list.push(handler);
      this.handlers.set(status, list);
    }
    return this;
  }

  isEnded() {
    return TERMINAL.has(this.status);
  }

  /** Dials `uri` with camera/microphone as `options` ask; the status moves on with JsSIP's events. */
  dial(userAgent, uri, options) {
    this.startTime = Date.now();
    this.mediaOptions = options;
    return this.localMedia(options).then((stream) => {
      if (this.isEnded()) {
        this.releaseMedia(stream);
        return;
      }
      this.useLocalStream(stream);
      const callOptions = this.sessionOptions(options);
      callOptions.eventHandlers = this.sessionHandlers();
      try {
        this.attach(userAgent.call(uri, callOptions));
      } catch (error) {
        // JsSIP throws for a target it cannot parse
        this.changeStatus(CALL_STATUS.FAILED, { cause: error && error.message ? error.message : String(error) });
      }
    }, (error) => this.mediaFailed(error));
  }

  /** An incoming JsSIP session (newRTCSession from the remote side): it rings until answer() or hangup(). */
  offered(session, request) {
    this.startTime = Date.now();
    this.attach(session);
    this.sipCallId = request && request.call_id;
    Object.entries(this.sessionHandlers()).forEach(([name, handler]) => session.on(name, handler));
    const identity = session.remote_identity;
    if (identity) {
      this.peer = identity.uri && identity.uri.user !== undefined ? String(identity.uri.user) : this.peer;
      this.callerName = identity.display_name || "";
    }
    this.changeStatus(CALL_STATUS.RING, {});
  }

  attach(session) {
    this.session = session;
  }

  /** Answers an incoming call with `{video, video_local, video_remote, audio_remote, custom_stream}`. */
  answer(options = {}) {
    if (this.direction !== "in" || !this.session || this.isEnded() || this.answerTime) {
      this.phone.log.error("answer: no ringing incoming call");
      return Promise.resolve(false);
    }
    this.mediaOptions = options;
    this.answerTime = Date.now(); // the answer is under way: a second answer() is refused
    return this.localMedia(options).then((stream) => {
      if (this.isEnded()) {
        this.releaseMedia(stream);
        return false;
      }
      this.useLocalStream(stream);
      this.session.answer(this.sessionOptions(options));
      return true;
    }, (error) => {
      this.mediaFailed(error);
      return false;
    });
  }

  /** Ends the call: CANCEL while ringing out, 486-style rejection while ringing in, BYE once established. */
  hangup() {
    if (this.session && !this.session.isEnded()) {
      this.session.terminate();
      return true;
    }
    if (!this.isEnded()) {
      this.changeStatus(CALL_STATUS.FINISH, { cause: "Canceled" }); // still asking for the camera
      return true;
    }
    return false;
  }

  /** Puts the call on hold with a re-INVITE (a=sendonly); false when there is no established call. */
  hold() {
    return this.established() ? Boolean(this.session.hold()) : false;
  }

  /** Takes the call off hold; false when it is not held here. */
  unhold() {
    return this.established() && this.session.isOnHold().local ? Boolean(this.session.unhold()) : false;
  }

  /** Sends DTMF digits (0-9, A-D, #, *, and "," for a pause); false for other characters or no established call. */
  sendDTMF(digits, options) {
    if (typeof digits !== "string" || !DTMF.test(digits)) {
      this.phone.log.error("sendDTMF: digits must be 1-64 of 0-9 A-D # * ,: " + JSON.stringify(digits));
      return false;
    }
    if (!this.established()) {
      return false;
    }
    try {
      this.session.sendDTMF(digits, Object.assign({}, this.phone.options.dtmf, options));
    } catch (error) {
      // JsSIP refuses in a state it cannot send in, or options it does not know
      this.phone.log.error("sendDTMF: " + (error && error.message ? error.message : error));
      return false;
    }
    return true;
  }

  /**
   * Blind transfer with SIP REFER: FreeSWITCH connects the other party to `target` (an extension, SIP user, +number
   * or sip: URI) and this leg ends. Resolves when FreeSWITCH accepted the REFER, rejects with its answer otherwise.
   */
  transfer(target) {
    if (!this.established()) {
      return Promise.reject(new Error("transfer: no established call"));
    }
    const uri = this.phone.targetUri(target);
    if (uri === null) {
      return Promise.reject(new Error("transfer: bad target " + JSON.stringify(target)));
    }
    return new Promise((resolve, reject) => {
      const sent = this.session.refer(uri, {
        eventHandlers: {
          requestSucceeded: () => resolve(true),
          requestFailed: (event) => reject(new Error("transfer refused: " + (event && event.cause))),
        },
      });
      if (sent === false) {
        reject(new Error("transfer: the SIP dialog is not confirmed")); // JsSIP sent nothing
      }
    });
  }

  /**
   * Replaces the camera (`kind` "video") or microphone ("audio") by the device `deviceId` (from
   * cometVideoApi.devices()) without renegotiation. Resolves with the new track.
   */
  switchDevice(kind, deviceId) {
    if (kind !== "audio" && kind !== "video") {
      return Promise.reject(new Error("switchDevice: kind is audio or video"));
    }
    const connection = this.peerConnection();
    const sender = connection && typeof connection.getSenders === "function"
      ? connection.getSenders().find((candidate) => candidate.track && candidate.track.kind === kind) : undefined;
    if (!sender) {
      return Promise.reject(new Error("switchDevice: the call sends no " + kind));
    }
    const devices = mediaDevices();
    if (!devices) {
      return Promise.reject(new Error("navigator.mediaDevices.getUserMedia is missing (pages need https)"));
    }
    return devices.getUserMedia({ [kind]: { deviceId: { exact: deviceId } } }).then((stream) => {
      const track = stream.getTracks().find((candidate) => candidate.kind === kind);
      const old = sender.track;
      return sender.replaceTrack(track).then(() => {
        if (this.localStream && typeof this.localStream.removeTrack === "function") {
          this.localStream.removeTrack(old);
          this.localStream.addTrack(track);
        }
        if (this.ownsLocalStream && old) {
          old.stop();
        }
        if (this.isEnded()) {
          track.stop(); // the call ended while the device was asked for
        }
        return track;
      });
    });
  }

  /** The peer connection's figures summarised: `{audio, video}` each `{inbound, outbound, codec}`, `roundTripTime`. */
  getStats() {
    const connection = this.peerConnection();
    if (!connection || typeof connection.getStats !== "function") {
      return Promise.reject(new Error("getStats: the call has no media connection"));
    }
    return connection.getStats().then(summariseStats);
  }

  /** `{audio, video}` muted, as JsSIP keeps it. */
  isMuted() {
    return this.session ? this.session.isMuted() : { audio: false, video: false };
  }

  mute(media = { audio: true, video: true }) {
    return this.session ? (this.session.mute(media), true) : false;
  }

  unmute(media = { audio: true, video: true }) {
    return this.session ? (this.session.unmute(media), true) : false;
  }

  established() {
    return Boolean(this.session) && (this.status === CALL_STATUS.ESTABLISHED || this.status === CALL_STATUS.HOLD);
  }

  peerConnection() {
    return this.session ? this.session.connection : undefined;
  }

  /** JsSIP's events as call statuses. */
  sessionHandlers() {
    return {
      sending: (event) => {
        if (event && event.request && event.request.call_id) {
          this.sipCallId = event.request.call_id;
        }
      },
      // JsSIP 3 hands over the browser's RTCPeerConnection; the remote stream comes with its "track" events
      peerconnection: (event) => {
        const connection = event.peerconnection;
        if (connection && typeof connection.addEventListener === "function") {
          connection.addEventListener("track", (track) => this.remoteStreamArrived(track.streams[0]));
        }
      },
      addstream: (event) => this.remoteStreamArrived(event.stream), // JsSIP 2
      progress: () => this.changeStatus(CALL_STATUS.RING, {}),
      accepted: () => {
        this.answerTime = this.answerTime || Date.now();
        this.changeStatus(CALL_STATUS.ESTABLISHED, {});
      },
      confirmed: () => this.changeStatus(CALL_STATUS.ESTABLISHED, {}),
      hold: () => this.changeStatus(CALL_STATUS.HOLD, {}),
      unhold: () => this.changeStatus(CALL_STATUS.ESTABLISHED, {}),
      ended: (event) => this.changeStatus(CALL_STATUS.FINISH, sipCause(event)),
      // cancelling our own call or refusing an incoming one is an ordinary end, not a failure
      failed: (event) => this.changeStatus(endedHere(event) ? CALL_STATUS.FINISH : CALL_STATUS.FAILED, sipCause(event)),
    };
  }

  /**
   * A `sipStatus` frame for this call: the server's view (FreeSWITCH's hangup cause, SIP code, duration, stats)
   * moves the status on like JsSIP's events do; a status the call has already is not reported twice. The newest
   * frame stays in `serverInfo`, also one that comes after the call ended here (its duration and stats).
   */
  serverStatus(data) {
    this.serverInfo = data;
    this.sessionId = data.session_id || this.sessionId;
    const details = { source: "server" };
    if (data.cause) {
      details.cause = data.cause;
    }
    if (data.sip_code) {
      details.sipCode = Number(data.sip_code);
    }
    this.changeStatus(data.state, details);
  }

  /** Moves to `status` (once per change; nothing after FINISH/FAILED), tells the call's handlers and onStatus. */
  changeStatus(status, details) {
    if (!Object.values(CALL_STATUS).includes(status) || status === this.status || this.isEnded()) {
      return;
    }
    this.status = status;
    if (details.cause !== undefined) {
      this.cause = details.cause;
    }
    if (details.sipCode !== undefined) {
      this.sipCode = details.sipCode;
    }
    if (TERMINAL.has(status)) {
      this.endTime = Date.now();
      this.releaseMedia(this.localStream);
      this.phone.ended(this);
    }
    const event = { status, call: this, cause: this.cause, sipCode: this.sipCode, source: details.source || "sip" };
    for (const handler of [...(this.handlers.get(status) || []), ...(this.handlers.get("*") || [])]) {
      this.phone.invoke("call.on(" + status + ")", handler, event);
    }
    this.phone.notify("onStatus", event);
  }

  /** Milliseconds from answer to end (or now), 0 if never answered. */
  duration() {
    return this.answerTime ? (this.endTime || Date.now()) - this.answerTime : 0;
  }

  localMedia(options) {
    if (options.custom_stream) {
      return Promise.resolve(options.custom_stream);
    }
    const devices = mediaDevices();
    if (!devices) {
      return Promise.reject(new Error("navigator.mediaDevices.getUserMedia is missing (pages need https)"));
    }
    this.ownsLocalStream = true;
    return devices.getUserMedia({ audio: options.audio === undefined ? true : options.audio, video: Boolean(options.video) });
  }

  useLocalStream(stream) {
    this.localStream = stream;
    showStream(this.mediaOptions.video_local, stream);
  }

  releaseMedia(stream) {
    if (this.ownsLocalStream) {
      stopStream(stream);
    }
  }

  mediaFailed(error) {
    this.phone.log.error("no camera/microphone: " + (error && error.message ? error.message : error));
    if (this.session && !this.session.isEnded()) {
      this.session.terminate({ status_code: 488 });
    }
    this.changeStatus(CALL_STATUS.FAILED, { cause: "no-media-stream" });
  }

  sessionOptions(options) {
    return {
      mediaConstraints: { audio: true, video: Boolean(options.video) },
      mediaStream: this.localStream || undefined,
      pcConfig: { iceServers: this.phone.iceServers() },
      rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: Boolean(options.video) },
    };
  }

  remoteStreamArrived(stream) {
    if (!stream || this.isEnded()) {
      return;
    }
    this.remoteStream = stream;
    showStream(this.mediaOptions.video_remote || this.mediaOptions.audio_remote, stream);
  }
}

/** JsSIP's cause ("Busy", "Not Found", "Canceled"…) and, from a SIP answer, its status code. */
function sipCause(event) {
  const details = { cause: event && event.cause };
  const message = event && event.message;
  if (message && typeof message.status_code === "number") {
    details.sipCode = message.status_code;
  }
  return details;
}

function endedHere(event) {
  return Boolean(event) && event.originator === "local" && (event.cause === "Canceled" || event.cause === "Rejected");
}

function mediaDevices() {
  const devices = globalThis.navigator && globalThis.navigator.mediaDevices;
  return devices && typeof devices.getUserMedia === "function" ? devices : undefined;
}
