// One RTCPeerConnection of a P2P call session, to one other participant: offer or answer, trickle ICE (the local
// candidates of one task sent as one `iceCandidates` signal, the remote ones held until the remote description is
// set), the remote stream, connection states and the ICE restart of a failed connection.

import { SessionConnectionState } from "./callConstants.js";

const ICE_STATES = {
  checking: SessionConnectionState.CONNECTING,
  connected: SessionConnectionState.CONNECTED,
  completed: SessionConnectionState.COMPLETED,
  failed: SessionConnectionState.FAILED,
  disconnected: SessionConnectionState.DISCONNECTED,
  closed: SessionConnectionState.CLOSED,
};
// Remote candidates kept for a connection whose remote description is not set yet.
const MAX_BUFFERED_CANDIDATES = 200;

export class PeerLink {
  /**
   * @param session the CallSession (settings, local stream, signals, listeners)
   * @param userId the other participant
   * @param offerer whether this side sends the offer (it also restarts ICE; the other side only answers)
   */
  constructor(session, userId, offerer) {
    this.session = session;
    this.userId = userId;
    this.offerer = offerer;
    this.closed = false;
    this.remoteStream = null;
    this.remoteCandidates = [];
    this.localCandidates = [];
    this.signalled = false; // local candidates wait until the offer/answer went out
    this.flushTimer = null;
    this.iceRestarts = 0;
    this.restartTimer = null;
    this.restarting = false;
    this.awaitingRemote = true; // no remote description yet, or an ICE-restart offer waits for its answer
    this.state = SessionConnectionState.UNDEFINED;
    const settings = session.settings;
    const PeerConnection = settings.RTCPeerConnection || globalThis.RTCPeerConnection;
    this.pc = new PeerConnection({ iceServers: settings.iceServers || [] });
    this.addLocalMedia(session.localStream);
    this.pc.addEventListener("icecandidate", (event) => this.localCandidate(event.candidate));
    this.pc.addEventListener("track", (event) => this.remoteTrack(event));
    this.pc.addEventListener("iceconnectionstatechange", () => this.iceStateChanged());
  }

  /** Sends the local tracks; without a stream, receives what the call type says (a receive-only participant). */
  addLocalMedia(stream) {
    if (stream && typeof stream.getTracks === "function") {
      stream.getTracks().forEach((track) => this.pc.addTrack(track, stream));
    } else if (typeof this.pc.addTransceiver === "function") {
      this.pc.addTransceiver("audio", { direction: "recvonly" });
      if (this.session.callType === 1) {
        this.pc.addTransceiver("video", { direction: "recvonly" });
      }
    }
  }

  /** Creates and sets the local offer; returns its SDP. */
  async createOffer(iceRestart) {
    const offer = await this.pc.createOffer(iceRestart ? { iceRestart: true } : undefined);
    await this.pc.setLocalDescription(offer);
    return this.localSdp(offer);
  }

  /** Takes the other side's offer and returns the SDP of the answer. */
  async answerOffer(sdp) {
    await this.setRemote("offer", sdp);
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    return this.localSdp(answer);
  }

  /** Takes the other side's answer to our offer. */
  async takeAnswer(sdp) {
    await this.setRemote("answer", sdp);
  }

  async setRemote(type, sdp) {
    if (this.closed) {
      throw new Error("peer connection to " + this.userId + " closed");
    }
    await this.pc.setRemoteDescription({ type, sdp });
    this.awaitingRemote = false;
    const held = this.remoteCandidates;
    this.remoteCandidates = [];
    held.forEach((candidate) => this.addCandidate(candidate));
  }

  localSdp(description) {
    const local = this.pc.localDescription;
    return local && local.sdp ? local.sdp : description.sdp;
  }

  /** The offer or answer was sent: the candidates gathered meanwhile may follow. */
  markSignalled() {
    this.signalled = true;
    this.scheduleCandidateFlush();
  }

  // ---- ICE candidates

  localCandidate(candidate) {
    if (!candidate || !candidate.candidate || this.closed) {
      return; // null or empty: end of gathering, which the protocol does not signal
    }
    this.localCandidates.push({
      sdpMLineIndex: candidate.sdpMLineIndex,
      sdpMid: candidate.sdpMid,
      candidate: candidate.candidate,
    });
    this.scheduleCandidateFlush();
  }

  /** The candidates of one task (browsers report them one event at a time) go as one signal. */
  scheduleCandidateFlush() {
    if (this.flushTimer !== null || !this.signalled || this.localCandidates.length === 0) {
      return;
    }
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      const candidates = this.localCandidates;
      this.localCandidates = [];
      if (!this.closed && candidates.length > 0) {
        this.session.sendSignal({ signalType: "iceCandidates", to: this.userId, iceCandidates: candidates });
      }
    }, this.session.settings.iceBatchDelay);
  }

  /** Candidates from the other side, held until its description is set (perfect negotiation's rule). */
  addRemoteCandidates(candidates) {
    for (const candidate of Array.isArray(candidates) ? candidates : []) {
      if (!candidate || typeof candidate.candidate !== "string") {
        continue;
      }
      if (this.pc.remoteDescription && !this.awaitingRemote) {
        this.addCandidate(candidate);
      } else if (this.remoteCandidates.length < MAX_BUFFERED_CANDIDATES) {
        this.remoteCandidates.push(candidate);
      }
    }
  }

  addCandidate(candidate) {
    if (this.closed) {
      return;
    }
    const init = { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex };
    Promise.resolve()
      .then(() => this.pc.addIceCandidate(init))
      .catch((error) => this.session.log.warn("ICE candidate from " + this.userId + " refused: " + error));
  }

  // ---- media and states

  remoteTrack(event) {
    if (this.closed) {
      return;
    }
    let stream = event.streams && event.streams[0];
    if (!stream) {
      const MediaStreamImpl = this.session.settings.MediaStream || globalThis.MediaStream;
      if (!this.remoteStream && typeof MediaStreamImpl === "function") {
        this.remoteStream = new MediaStreamImpl();
      }
      if (this.remoteStream && typeof this.remoteStream.addTrack === "function") {
        this.remoteStream.addTrack(event.track);
      }
      stream = this.remoteStream;
    }
    if (stream && stream !== this.announcedStream) {
      this.remoteStream = stream;
      this.announcedStream = stream;
      this.session.remoteStreamArrived(this.userId, stream);
    }
  }

  iceStateChanged() {
    if (this.closed) {
      return;
    }
    const iceState = this.pc.iceConnectionState;
    const state = ICE_STATES[iceState];
    clearTimeout(this.restartTimer);
    this.restartTimer = null;
    if (iceState === "connected" || iceState === "completed") {
      this.iceRestarts = 0;
    } else if (iceState === "failed") {
      this.restartIce();
    } else if (iceState === "disconnected" && this.session.settings.disconnectedRestartDelay > 0) {
      // Browsers call a connection failed only after tens of seconds of disconnection; restart sooner.
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        if (!this.closed && this.pc.iceConnectionState === "disconnected") {
          this.restartIce();
        }
      }, this.session.settings.disconnectedRestartDelay);
    }
    if (state !== undefined && state !== this.state) {
      this.state = state;
      this.session.connectionStateChanged(this.userId, state);
    }
  }

  /**
   * ICE restart (Voximplant's ICE_FAILED retry): the offerer of this connection sends a new offer created with
   * `iceRestart: true` as an `update` signal `{sdp, sdpType: "offer", iceRestart: true}`; the other side answers with
   * an `update` `{sdp, sdpType: "answer", iceRestart: true}`. At most `maxIceRestarts` in a row without a connection.
   */
  restartIce() {
    if (!this.offerer || this.closed || this.restarting) {
      return false;
    }
    if (this.iceRestarts >= this.session.settings.maxIceRestarts) {
      this.session.log.warn("peer connection to " + this.userId + " failed; no ICE restart left");
      return false;
    }
    this.iceRestarts++;
    this.restarting = true;
    this.awaitingRemote = true;
    this.createOffer(true)
      .then((sdp) => {
        this.restarting = false;
        if (!this.closed) {
          this.session.sendSignal({ signalType: "update", to: this.userId, sdp, sdpType: "offer", iceRestart: true });
        }
      })
      .catch((error) => {
        this.restarting = false;
        this.awaitingRemote = false;
        this.session.log.warn("ICE restart to " + this.userId + " failed: " + error);
      });
    return true;
  }

  /** An ICE-restart `update` from the other side: answer its offer, or take its answer. */
  async restartSignal(data) {
    if (data.sdpType === "offer") {
      const sdp = await this.answerOffer(data.sdp);
      if (!this.closed) {
        this.session.sendSignal({ signalType: "update", to: this.userId, sdp, sdpType: "answer", iceRestart: true });
      }
    } else if (data.sdpType === "answer") {
      await this.takeAnswer(data.sdp);
    }
  }

  close() {
    if (this.closed) {
      return;
    }
    this.closed = true;
    clearTimeout(this.flushTimer);
    clearTimeout(this.restartTimer);
    try {
      this.pc.close();
    } catch (ignored) {
      // already closed by the browser
    }
    if (this.state !== SessionConnectionState.UNDEFINED && this.state !== SessionConnectionState.CLOSED) {
      this.state = SessionConnectionState.CLOSED;
      this.session.connectionStateChanged(this.userId, SessionConnectionState.CLOSED);
    }
  }
}
