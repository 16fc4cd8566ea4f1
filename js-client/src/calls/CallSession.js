// One P2P call session (docs/CALLS.md "JS client"), ConnectyCube's WebRTCSession in shape: the caller's or a callee's
// view of a mesh of up to `maxParticipants` users, one PeerLink (RTCPeerConnection) per other participant.

import { CallType, SessionState, SIGNAL_FIELDS } from "./callConstants.js";
import { PeerLink } from "./PeerLink.js";

// Remote candidates kept per participant while this callee still rings.
const MAX_RINGING_CANDIDATES = 200;

export class CallSession {
  /**
   * @param api the CometCalls object (connection, settings, listeners)
   * @param init `{ID, initiatorID, opponentsIDs, callType, extension, options}`
   */
  constructor(api, init) {
    this.api = api;
    this.log = api.log;
    this.ID = init.ID;
    this.initiatorID = init.initiatorID;
    this.currentUserID = api.currentUserId();
    this.opponentsIDs = init.opponentsIDs.slice();
    this.callType = init.callType === CallType.AUDIO ? CallType.AUDIO : CallType.VIDEO;
    this.extension = init.extension || {};
    this.state = SessionState.NEW;
    this.settings = Object.assign({}, api.settings, pickSettings(init.options));
    this.localStream = null;
    this.ownsLocalStream = false;
    this.closed = false;
    this.dialTimer = null;
    this.peers = new Map(); // user id -> {ended, accepted, link}
    this.pendingOffers = new Map(); // user id -> the `call` signal awaiting this callee's accept
    this.pendingCandidates = new Map(); // user id -> candidates received before there was a connection
    for (const userId of this.participants()) {
      this.peers.set(userId, { ended: false, accepted: userId === this.initiatorID, link: null });
    }
  }

  /** Everybody in the session but this user: the initiator and the opponents. */
  participants() {
    const all = [this.initiatorID].concat(this.opponentsIDs);
    return all.filter((userId, index) => userId !== this.currentUserID && all.indexOf(userId) === index);
  }

  isInitiator() {
    return this.initiatorID === this.currentUserID;
  }

  /** A callee that has not answered yet. */
  isRinging() {
    return !this.isInitiator() && this.state === SessionState.NEW && !this.closed;
  }

  // ---- the page's API

  /**
   * Asks for the camera and microphone (`{audio, video}` MediaStreamConstraints; by default the microphone, and the
   * camera for video calls) and keeps the stream as `localStream`, sent to every participant. ConnectyCube's extras:
   * `elementId` (an element id or element to play it in, muted) and `options: {muted, mirror}`. Resolves with the
   * stream; `callback(error, stream)` as ConnectyCube's is optional.
   */
  getUserMedia(params, callback) {
    const given = Object.assign({}, params);
    const constraints = {
      audio: given.audio === undefined ? true : given.audio,
      video: given.video === undefined ? this.callType === CallType.VIDEO : given.video,
    };
    const promise = Promise.resolve()
      .then(() => this.mediaDevices().getUserMedia(constraints))
      .then((stream) => {
        if (this.closed) {
          stopTracks(stream);
          throw new Error("session " + this.ID + " closed");
        }
        if (this.ownsLocalStream && this.localStream !== stream) {
          stopTracks(this.localStream);
        }
        this.localStream = stream;
        this.ownsLocalStream = true;
        if (given.elementId) {
          this.attachMediaStream(given.elementId, stream, Object.assign({ muted: true }, given.options));
        }
        return stream;
      });
    return withCallback(promise, callback);
  }

  /** The caller rings every opponent: one offer each (`call` signals, `userInfo` = extension). */
  call(extension) {
    if (!this.isInitiator() || this.state !== SessionState.NEW || this.closed) {
      this.log.error("call: session " + this.ID + " is not a new session of this caller");
      return Promise.resolve(false);
    }
    this.state = SessionState.ACTIVE;
    this.extension = extension || {};
    const offers = this.opponentsIDs
      .filter((userId) => userId !== this.currentUserID)
      .map((userId) => this.offerTo(userId, this.extension));
    return Promise.all(offers).then(() => {
      if (this.settings.dialingInterval > 0 && !this.closed) {
        this.dialTimer = setInterval(() => this.redial(), this.settings.dialingInterval);
      }
      return true;
    });
  }

  /**
   * ConnectyCube's dialing: the `call` goes again to every opponent that still rings, so that a device that connects
   * meanwhile (an app woken by the offline hook's push) rings too. The SDP is the current local description, which
   * holds the candidates gathered so far: that device missed the trickled ones.
   */
  redial() {
    let ringing = 0;
    for (const userId of this.opponentsIDs) {
      const peer = this.peers.get(userId);
      if (!peer || peer.ended || peer.accepted || !peer.link || peer.link.closed) {
        continue;
      }
      ringing++;
      const local = peer.link.pc.localDescription;
      if (local && local.sdp) {
        this.sendSignal({
          signalType: "call", to: userId, callType: this.callType, opponentsIDs: this.opponentsIDs, sdp: local.sdp,
          userInfo: this.extension,
        });
      }
    }
    if (ringing === 0) {
      clearInterval(this.dialTimer);
      this.dialTimer = null;
    }
  }

  /**
   * The callee answers: an `accept` to the caller (and to every opponent that already offered), then an offer to
   * every other opponent with a lower user id (ConnectyCube's mesh rule: of two callees, the higher id calls).
   */
  accept(extension) {
    if (!this.isRinging()) {
      this.log.error("accept: session " + this.ID + " is not ringing");
      return Promise.resolve(false);
    }
    this.state = SessionState.ACTIVE;
    const given = extension || {};
    // The caller's answer goes first: the server binds this connection to the call on it, and refuses mesh offers
    // from a callee that has not accepted yet.
    const first = this.pendingOffers.has(this.initiatorID) ? this.answerTo(this.initiatorID, given) : Promise.resolve();
    return first.then(() => {
      if (this.closed) {
        return false;
      }
      const answers = [...this.pendingOffers.keys()].map((userId) => this.answerTo(userId, given));
      const offers = this.opponentsIDs
        .filter((userId) => userId !== this.currentUserID && userId !== this.initiatorID && userId < this.currentUserID)
        .filter((userId) => this.peerIsOpen(userId) && !this.peers.get(userId).link && !this.pendingOffers.has(userId))
        .map((userId) => this.offerTo(userId, {}));
      return Promise.all(answers.concat(offers)).then(() => true);
    });
  }

  /** The callee refuses; every participant gets the `reject` (userInfo = extension, e.g. `{busy: true}`). */
  reject(extension) {
    if (!this.isRinging()) {
      this.log.error("reject: session " + this.ID + " is not ringing");
      return false;
    }
    this.sendSignal({ signalType: "reject", userInfo: extension || {} });
    this.state = SessionState.REJECTED;
    this.close();
    return true;
  }

  /** Hangs up: every participant gets `hangUp`. A callee that still rings rejects instead. */
  stop(extension) {
    if (this.closed) {
      return false;
    }
    if (this.isRinging()) {
      return this.reject(extension);
    }
    if (this.state === SessionState.ACTIVE) {
      this.sendSignal({ signalType: "hangUp", userInfo: extension || {} });
    }
    this.state = SessionState.HUNGUP;
    this.close();
    return true;
  }

  /** Tells `userId`, or every participant still in the call, about changed parameters (`update`, userInfo = extension). */
  update(extension, userId) {
    if (this.closed) {
      return false;
    }
    const targets = userId === undefined ? this.participants().filter((id) => this.peerIsOpen(id)) : [userId];
    targets.forEach((to) => this.sendSignal({ signalType: "update", to, userInfo: extension || {} }));
    return targets.length > 0;
  }

  /** Stops sending the microphone (`"audio"`) or camera (`"video"`): the local tracks are disabled. */
  mute(kind) {
    return this.setTracksEnabled(kind, false);
  }

  unmute(kind) {
    return this.setTracksEnabled(kind, true);
  }

  setTracksEnabled(kind, enabled) {
    const tracks = this.localStream ? this.localStream.getTracks().filter((track) => track.kind === kind) : [];
    tracks.forEach((track) => (track.enabled = enabled));
    return tracks.length > 0;
  }

  /**
   * Switches the microphone and/or camera during the call: `{audio: deviceId, video: deviceId}` (from
   * cometCalls.getMediaDevices). The new tracks replace the old ones in every peer connection (no renegotiation)
   * and in `localStream`; the old ones are stopped. Resolves with `localStream`.
   */
  switchMediaTracks(deviceIds, callback) {
    const ids = Object.assign({}, deviceIds);
    const constraints = {};
    if (ids.audio) {
      constraints.audio = { deviceId: { exact: ids.audio } };
    }
    if (ids.video) {
      constraints.video = { deviceId: { exact: ids.video } };
    }
    const promise = Promise.resolve()
      .then(() => {
        if (!constraints.audio && !constraints.video) {
          throw new Error("switchMediaTracks: give {audio: deviceId} and/or {video: deviceId}");
        }
        return this.mediaDevices().getUserMedia(constraints);
      })
      .then((fresh) => Promise.all(fresh.getTracks().map((track) => this.replaceTrack(track))).then(() => fresh))
      .then((fresh) => {
        if (!this.localStream) {
          this.localStream = fresh;
          this.ownsLocalStream = true;
        }
        return this.localStream;
      });
    return withCallback(promise, callback);
  }

  replaceTrack(track) {
    const replaced = [];
    for (const peer of this.peers.values()) {
      if (peer.link && !peer.link.closed && typeof peer.link.pc.getSenders === "function") {
        const sender = peer.link.pc.getSenders().find((candidate) => candidate.track && candidate.track.kind === track.kind);
        if (sender) {
          replaced.push(sender.replaceTrack(track));
        }
      }
    }
    if (this.localStream && this.localStream !== track) {
      for (const old of this.localStream.getTracks().filter((candidate) => candidate.kind === track.kind)) {
        track.enabled = old.enabled; // a muted microphone stays muted
        this.localStream.removeTrack(old);
        old.stop();
      }
      this.localStream.addTrack(track);
    }
    return Promise.all(replaced);
  }

  /** The stream received from `userId`, once onRemoteStreamListener announced it; null once that user left. */
  getRemoteStream(userId) {
    const link = this.openLink(userId);
    return link ? link.remoteStream : null;
  }

  /** The RTCPeerConnection to `userId` (statistics, diagnostics); null before there is one and once it is closed. */
  getPeerConnection(userId) {
    const link = this.openLink(userId);
    return link ? link.pc : null;
  }

  openLink(userId) {
    const peer = this.peers.get(this.api.userIdOf(userId));
    return peer && peer.link && !peer.link.closed ? peer.link : null;
  }

  /** Plays `stream` in the element (or element id): `{muted, mirror}` as ConnectyCube's. */
  attachMediaStream(element, stream, options) {
    const target = typeof element === "string" && typeof document !== "undefined"
      ? document.getElementById(element) : element;
    if (!target || !stream) {
      return false;
    }
    const given = Object.assign({}, options);
    target.srcObject = stream;
    target.autoplay = true;
    target.playsInline = true;
    if (given.muted !== undefined) {
      target.muted = Boolean(given.muted);
    }
    if (given.mirror && target.style) {
      target.style.transform = "scaleX(-1)";
    }
    if (typeof target.play === "function") {
      Promise.resolve(target.play()).catch(() => {});
    }
    return true;
  }

  detachMediaStream(element) {
    const target = typeof element === "string" && typeof document !== "undefined"
      ? document.getElementById(element) : element;
    if (target) {
      target.srcObject = null;
    }
    return Boolean(target);
  }

  // ---- signalling

  mediaDevices() {
    const devices = this.settings.mediaDevices || (globalThis.navigator && globalThis.navigator.mediaDevices);
    if (!devices || typeof devices.getUserMedia !== "function") {
      throw new Error("this browser has no navigator.mediaDevices.getUserMedia (a secure page is needed)");
    }
    return devices;
  }

  sendSignal(signal) {
    this.api.send(Object.assign({ sessionID: this.ID, platform: this.settings.platform }, signal));
  }

  offerTo(userId, extension) {
    const link = this.linkTo(userId, true);
    return link.createOffer(false)
      .then((sdp) => {
        if (link.closed) {
          return;
        }
        this.sendSignal({
          signalType: "call", to: userId, callType: this.callType, opponentsIDs: this.opponentsIDs, sdp,
          userInfo: extension,
        });
        link.markSignalled();
      })
      .catch((error) => this.log.error("offer to " + userId + " failed: " + error));
  }

  answerTo(userId, extension) {
    const offer = this.pendingOffers.get(userId);
    this.pendingOffers.delete(userId);
    const link = this.linkTo(userId, false);
    return link.answerOffer(offer.sdp)
      .then((sdp) => {
        if (link.closed) {
          return;
        }
        this.sendSignal({ signalType: "accept", to: userId, sdp, userInfo: extension });
        link.markSignalled();
      })
      .catch((error) => this.log.error("answer to " + userId + " failed: " + error));
  }

  linkTo(userId, offerer) {
    const peer = this.peers.get(userId);
    if (peer.link) {
      peer.link.close();
    }
    peer.link = new PeerLink(this, userId, offerer);
    const held = this.pendingCandidates.get(userId);
    this.pendingCandidates.delete(userId);
    if (held) {
      peer.link.addRemoteCandidates(held);
    }
    return peer.link;
  }

  peerIsOpen(userId) {
    const peer = this.peers.get(userId);
    return Boolean(peer) && !peer.ended;
  }

  /** One signal of this session from the server; `from` is the sender's user id (0: the server). */
  signal(type, data, from) {
    if (this.closed) {
      return;
    }
    const own = from === this.currentUserID;
    if (own && (type === "accept" || type === "reject" || type === "hangUp")) {
      this.handledElsewhere(type);
      return;
    }
    if (own) {
      return;
    }
    if (from !== 0 && !this.peers.has(from)) {
      this.log.warn(type + " from " + from + ", who is not in session " + this.ID + ", ignored");
      return;
    }
    switch (type) {
      case "call":
        this.offered(from, data);
        break;
      case "accept":
        this.accepted(from, data);
        break;
      case "reject":
        this.endPeers([from], "onRejectCallListener", extensionOf(data));
        break;
      case "hangUp":
        this.hungUp(from, data);
        break;
      case "iceCandidates":
        this.candidates(from, data.iceCandidates);
        break;
      case "update":
        this.updated(from, data);
        break;
      case "notAnswer":
        this.notAnswered(data);
        break;
      default:
        this.log.debug("call signal " + type + " ignored");
    }
  }

  /** An offer: the caller's (this callee rings) or, in a mesh, another callee's (answered at once if accepted here). */
  offered(from, data) {
    const peer = this.peers.get(from);
    if (peer.ended || typeof data.sdp !== "string" || (peer.link && !peer.link.closed) || this.pendingOffers.has(from)) {
      return;
    }
    peer.accepted = true;
    this.pendingOffers.set(from, data);
    if (this.state === SessionState.ACTIVE) {
      this.answerTo(from, {});
    }
  }

  accepted(from, data) {
    const peer = this.peers.get(from);
    if (!peer || peer.ended || !peer.link || !peer.link.offerer) {
      return;
    }
    peer.accepted = true;
    if (typeof data.sdp === "string") {
      peer.link.takeAnswer(data.sdp).catch((error) => this.log.error("answer of " + from + " refused: " + error));
    }
    this.api.fire("onAcceptCallListener", this, from, extensionOf(data));
  }

  /** `hangUp` from a participant, or from the server (`from` 0, `reason` set, `userId` when it names the user). */
  hungUp(from, data) {
    const extension = extensionOf(data);
    const named = this.api.userIdOf(data.userId);
    let users;
    if (from !== 0) {
      users = [from];
    } else if (this.peers.has(named)) {
      users = [named];
    } else if (this.isRinging()) {
      users = [this.initiatorID]; // e.g. reason "not_answered": this callee stops ringing
    } else {
      users = this.participants().filter((userId) => this.peerIsOpen(userId)); // e.g. reason "server"
    }
    this.endPeers(users, "onStopCallListener", extension);
  }

  candidates(from, list) {
    const peer = this.peers.get(from);
    if (!peer || peer.ended) {
      return;
    }
    if (peer.link) {
      peer.link.addRemoteCandidates(list);
      return;
    }
    const held = this.pendingCandidates.get(from) || [];
    for (const candidate of Array.isArray(list) ? list : []) {
      if (held.length < MAX_RINGING_CANDIDATES) {
        held.push(candidate);
      }
    }
    this.pendingCandidates.set(from, held);
  }

  updated(from, data) {
    if (data.iceRestart === true && (data.sdpType === "offer" || data.sdpType === "answer")) {
      const peer = this.peers.get(from);
      if (peer && peer.link && !peer.link.closed && typeof data.sdp === "string") {
        peer.link.restartSignal(data).catch((error) => this.log.warn("ICE restart with " + from + " failed: " + error));
      }
      return;
    }
    this.api.fire("onUpdateCallListener", this, from, extensionOf(data));
  }

  notAnswered(data) {
    const userId = this.api.userIdOf(data.userId);
    if (!this.peers.has(userId) || this.peers.get(userId).ended) {
      return;
    }
    this.endPeers([userId], "onUserNotAnswerListener", undefined);
  }

  /** Another device of this user accepted or rejected the call: it stops ringing here. */
  handledElsewhere(type) {
    if (!this.isRinging()) {
      return;
    }
    const reason = type === "accept" ? "accepted_elsewhere" : type === "reject" ? "rejected_elsewhere" : "hung_up_elsewhere";
    this.api.fire("onStopCallListener", this, this.currentUserID, { reason });
    this.close();
  }

  /** The users left the call: the listener is told, their connections closed, the session closed when it is over. */
  endPeers(users, listener, extension) {
    for (const userId of users) {
      const peer = this.peers.get(userId);
      if (!peer || peer.ended) {
        continue;
      }
      peer.ended = true;
      this.pendingOffers.delete(userId);
      this.pendingCandidates.delete(userId);
      if (listener === "onUserNotAnswerListener") {
        this.api.fire(listener, this, userId);
      } else {
        this.api.fire(listener, this, userId, extension);
      }
      if (peer.link) {
        peer.link.close();
      }
    }
    if (!this.closed && !this.inProgress()) {
      this.close();
    }
  }

  /**
   * Whether anyone is left to talk to: for the caller, an opponent that has not left; for a ringing callee, the
   * caller; for a callee in the call, the caller or a participant that accepted and it has a connection with.
   */
  inProgress() {
    if (this.isInitiator()) {
      return this.opponentsIDs.some((userId) => this.peerIsOpen(userId));
    }
    if (this.peerIsOpen(this.initiatorID)) {
      return true;
    }
    if (this.state !== SessionState.ACTIVE) {
      return false;
    }
    // a mesh offer nobody answered (that callee never accepted, or was not answered) does not keep the call
    return this.participants().some((userId) => this.peerIsOpen(userId) && this.peers.get(userId).accepted
      && this.peers.get(userId).link !== null);
  }

  /** This user's comet connection was lost: the server has ended its legs and told the others. */
  connectionLost() {
    const users = this.isRinging() ? [this.initiatorID]
      : this.participants().filter((userId) => this.peerIsOpen(userId));
    this.endPeers(users, "onStopCallListener", { reason: "connection_lost" });
    this.close();
  }

  remoteStreamArrived(userId, stream) {
    this.api.fire("onRemoteStreamListener", this, userId, stream);
  }

  connectionStateChanged(userId, state) {
    this.api.fire("onSessionConnectionStateChangedListener", this, userId, state);
  }

  /** Releases every connection and the camera this session opened, then tells the page. */
  close() {
    if (this.closed) {
      return;
    }
    this.closed = true;
    clearInterval(this.dialTimer);
    for (const peer of this.peers.values()) {
      if (peer.link) {
        peer.link.close();
      }
    }
    this.pendingOffers.clear();
    this.pendingCandidates.clear();
    if (this.ownsLocalStream) {
      stopTracks(this.localStream);
    }
    this.state = SessionState.CLOSED;
    this.api.sessionClosed(this);
    this.api.fire("onSessionCloseListener", this);
  }
}

/** The session options that override cometCalls' settings. */
function pickSettings(options) {
  const picked = {};
  for (const key of ["iceServers", "platform", "dialingInterval", "maxIceRestarts", "disconnectedRestartDelay", "iceBatchDelay",
    "RTCPeerConnection", "MediaStream", "mediaDevices"]) {
    if (options && options[key] !== undefined) {
      picked[key] = options[key];
    }
  }
  return picked;
}

/**
 * What listeners get as `extension`: the signal's `userInfo`, plus fields the protocol does not define (a
 * ConnectyCube `update` sends its parameters at the top level) and the server's `reason`.
 */
function extensionOf(data) {
  const extension = {};
  for (const key of Object.keys(data)) {
    if (!SIGNAL_FIELDS.has(key)) {
      extension[key] = data[key];
    }
  }
  if (data.userInfo !== null && typeof data.userInfo === "object" && !Array.isArray(data.userInfo)) {
    Object.assign(extension, data.userInfo);
  }
  if (typeof data.reason === "string" && extension.reason === undefined) {
    extension.reason = data.reason;
  }
  return extension;
}

function stopTracks(stream) {
  if (stream && typeof stream.getTracks === "function") {
    stream.getTracks().forEach((track) => track.stop());
  }
}

/** Promise API with ConnectyCube's optional `callback(error, result)` as well. */
function withCallback(promise, callback) {
  if (typeof callback === "function") {
    promise.then((result) => callback(null, result), (error) => callback(error));
  }
  return promise;
}
