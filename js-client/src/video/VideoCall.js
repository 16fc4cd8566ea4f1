// One `sys_sipCall` invitation and, once accepted, its SIP call (docs/CPPCOMET.md §4.6): the signalling on the invitation's
// callPipe, the JsSIP user agent and session, and the local and remote media. Everything a call holds (subscriptions,
// user agent, camera) is released with it, so nothing of one call reaches the next.

import { showStream, stopStream } from "./mediaElements.js";
import { limitBandwidth } from "./sdpBandwidth.js";
import { conferenceUri, DEFAULT_ICE_SERVERS, sipUserName, userAgentConfiguration } from "./sipSettings.js";
import { conferenceMembersCommand, iceFailedCommand } from "../protocol/commands.js";

/** The server's notices of phones called into the room (docs/CONFERENCES.md "Phones"; Voximplant's names). */
const PARTICIPANT_EVENTS = new Set(["CALL_PARTICIPANT", "CALL_PARTICIPANT_CONNECTED", "CALL_PARTICIPANT_FAILED",
  "CALL_PARTICIPANT_DISCONNECTED", "ICE_FAILED"]);
/** The server's notices of the room's FreeSWITCH members (docs/CONFERENCES.md "What every participant sees"). */
const MEMBER_EVENTS = new Set(["joined", "left", "talking", "changed"]);

export class VideoCall {
  /**
   * @param invitation the `msg.sys_sipCall` callback event, `data.message` already parsed
   * @param api the CometVideoApi: comet connection, options and callbacks, and the owner told of the release
   */
  constructor(invitation, api) {
    this.invitation = invitation;
    this.sys = invitation.data.sys;
    this.callPipe = this.sys.callPipe;
    this.api = api;
    this.comet = api.comet;
    // CppComet: a truthiness test; the server sends the string "true", so invitations are always conferences.
    this.conference = Boolean(this.sys.conference);
    // CppComet: stream mode (broadcast) is read from sys or, per its @fixme, from the message.
    const message = invitation.data.message;
    const messageAsksStream = message !== null && typeof message === "object" && message.stream == true;
    this.streamMode = this.sys.stream == true || messageAsksStream;
    // a guest (docs/GUESTS.md) has its own SIP account and no comet login: no callPipe signalling, and the room's
    // mixed stream is the interlocutors' media
    this.guest = invitation.guest || null;
    this.subscriptionIds = [];
    this.participants = new Set(); // user ids announced with onIn
    this.acceptOptions = {};
    this.accepted = false;
    this.released = false;
    this.ended = false;
    this.acceptAnnounced = false;
    this.selfMediaReady = false;
    this.interlocutorMediaReady = this.guest !== null;
    this.started = false;
    this.registered = false;
    this.userAgent = null;
    this.session = null;
    this.localStream = null;
    this.ownsLocalStream = false;
    this.remoteStream = null;
    this.acceptTime = 0;
    this.mediaStartTime = 0;
    this.iceRestarted = false; // the one ICE restart (Voximplant's ICE_FAILED retry) was tried
    this.iceFailureReported = false;
  }

  /** Subscribes to the callPipe and asks who is there (CppComet's first ping). */
  listen() {
    this.subscribe(this.callPipe, (event) => this.signalled(event));
    if (!this.streamMode) {
      this.send("ping", { status: "ping" });
    }
  }

  /** The same invitation again while this call is active: a dialog is busy, a conference says we are in. */
  reinvited(invitation) {
    if (!this.conference) {
      this.send("out", { status: "busy", callKey: invitation.data.sys.callKey });
      return;
    }
    this.send("accept", { status: "start_accept", type: this.acceptOptions.type });
    this.send("pong", { status: "pong" });
  }

  accept(acceptOptions, JsSIP) {
    this.accepted = true;
    this.acceptTime = Date.now();
    this.acceptOptions = acceptOptions;
    this.send("pong", { status: "pong" });
    this.subscribe("track_" + this.callPipe, (event) => this.tracked(event));
    if (this.conference && !this.guest) {
      // the room as it is now, once (onMembers); its notices on the callPipe follow (onMember). A guest has no comet
      // login to ask with.
      const client = this.comet.client ? this.comet.client : this.comet;
      client.command(conferenceMembersCommand(String(this.sys.conference_name)));
    }
    this.localMedia().then((stream) => {
      if (this.released) {
        if (this.ownsLocalStream) {
          stopStream(stream);
        }
        return;
      }
      this.localStream = stream;
      showStream(acceptOptions.video_local, stream);
      this.register(JsSIP);
    }, (error) => {
      this.api.log.error("no camera/microphone: " + (error && error.message ? error.message : error));
      this.fail("no-media-stream", error && error.name);
    });
  }

  /**
   * The page's `custom_stream`, or nothing for `type: "none"` (receive only), else camera and microphone, asked for
   * once (CppComet 1.0 asked twice and sent the second stream, never the custom one).
   */
  localMedia() {
    const { custom_stream: customStream, type } = this.acceptOptions;
    if (customStream) {
      return Promise.resolve(customStream);
    }
    if (type === "none") {
      return Promise.resolve(null);
    }
    const devices = globalThis.navigator && globalThis.navigator.mediaDevices;
    if (!devices || typeof devices.getUserMedia !== "function") {
      return Promise.reject(new Error("navigator.mediaDevices.getUserMedia is missing (pages need https)"));
    }
    this.ownsLocalStream = true;
    return devices.getUserMedia({ audio: true, video: type === "video" });
  }

  /** Announces the accept, then registers the user's SIP account on the invitation's FreeSWITCH. */
  register(JsSIP) {
    this.send("accept", { status: "start_accept", type: this.acceptOptions.type });
    const userName = this.guest ? this.guest.user : sipUserName(this.comet.getDevId(), this.comet.getUserId());
    const password = this.guest ? this.guest.password : this.comet.getRealUserKey();
    try {
      this.userAgent = new JsSIP.UA(userAgentConfiguration(JsSIP, this.sys, userName, password));
    } catch (error) {
      // JsSIP refuses a configuration it cannot parse (an invitation with a malformed serverName)
      this.fail("registration-failure", error && error.message);
      return;
    }
    this.userAgent.on("registered", () => {
      this.registered = true;
      this.dial();
    });
    this.userAgent.on("registrationFailed", (event) => this.fail("registration-failure", event && event.cause));
    // JsSIP retries an unreachable socket forever; CppComet 1.0 then waited forever. A socket lost before the first
    // registration (host down, certificate refused) ends the call instead.
    this.userAgent.on("disconnected", () => this.registered || this.fail("registration-failure", "connection"));
    this.userAgent.start();
  }

  dial() {
    if (this.session || this.released) {
      return; // JsSIP emits "registered" again on every re-registration
    }
    try {
      this.session = this.userAgent.call(conferenceUri(this.sys), this.callOptions());
    } catch (error) {
      // JsSIP throws for a target it cannot parse (a malformed sipNumber)
      this.fail("terminated", error && error.message);
    }
  }

  callOptions() {
    const type = this.acceptOptions.type;
    return {
      mediaConstraints: { audio: type !== "none", video: type === "video" },
      mediaStream: this.localStream || undefined,
      pcConfig: { iceServers: this.api.options.iceServers || DEFAULT_ICE_SERVERS },
      rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: true },
      // given to call() rather than set with on(), so that they are in place before the session emits anything
      eventHandlers: {
        // JsSIP 3 hands over the browser's RTCPeerConnection, whose "track" events carry the remote stream. JsSIP 2
        // hands over an rtcninja wrapper without addEventListener and reports the stream with its own "addstream".
        peerconnection: (event) => {
          const connection = event.peerconnection;
          if (typeof connection.addEventListener === "function") {
            connection.addEventListener("track", (track) => this.remoteStreamArrived(track.streams[0]));
            connection.addEventListener("iceconnectionstatechange",
              () => this.iceStateChanged(connection.iceConnectionState));
          }
        },
        addstream: (event) => this.remoteStreamArrived(event.stream),
        sdp: (event) => {
          event.sdp = limitBandwidth(event.sdp, this.api.bandwidth());
        },
        failed: (event) => this.fail("terminated", event && event.cause),
        ended: (event) => this.fail("terminated", event && event.cause),
      },
    };
  }

  /**
   * ICE of the conference leg failed: the first time a re-INVITE with an ICE restart (JsSIP's renegotiate), the next
   * time the room is told (`conference_ice_failed`, the server's ICE_FAILED on the callPipe).
   */
  iceStateChanged(state) {
    if (state !== "failed" || this.released || this.iceFailureReported) {
      return;
    }
    if (!this.iceRestarted && this.session && typeof this.session.renegotiate === "function") {
      this.iceRestarted = true;
      try {
        if (this.session.renegotiate({ rtcOfferConstraints: { iceRestart: true } }) !== false) {
          return;
        }
      } catch (error) {
        this.api.log.warn("ICE restart failed: " + (error && error.message ? error.message : error));
      }
    }
    this.iceFailureReported = true;
    if (this.guest) {
      return; // no comet login to report with
    }
    const client = this.comet.client ? this.comet.client : this.comet;
    client.command(iceFailedCommand(String(this.sys.conference_name)));
  }

  remoteStreamArrived(stream) {
    if (this.released || !stream) {
      return;
    }
    this.remoteStream = stream;
    if (this.started) {
      this.showRemote();
    } else if (!this.selfMediaReady) {
      this.mediaStarted("self");
    }
  }

  /**
   * CppComet's callStart: the conversation starts when both this browser has remote media and an interlocutor has
   * announced theirs with `mediaStart` (or at once in stream mode). Whoever is connected answers a newcomer's
   * `mediaStart`, so a late joiner learns about the others.
   */
  mediaStarted(person, status) {
    if (person === "self") {
      this.selfMediaReady = true;
      this.send("mediaStart", { status: "self" });
    } else {
      this.interlocutorMediaReady = true;
      if (this.selfMediaReady && status !== "answer") {
        this.send("mediaStart", { status: "answer" });
      }
    }
    if (this.started || !this.selfMediaReady || !(this.interlocutorMediaReady || this.streamMode)) {
      return;
    }
    this.started = true;
    this.mediaStartTime = Date.now();
    this.showRemote();
    this.api.notify("onCallStart", { action: "start", status: "start", callInfo: this.invitation, type: this.type() });
  }

  /** A <video> element plays the sound too, so `audio_remote` is used only without `video_remote`. */
  showRemote() {
    showStream(this.acceptOptions.video_remote || this.acceptOptions.audio_remote, this.remoteStream);
  }

  /** An event on the callPipe from another participant (the server does not echo our own). */
  signalled(event) {
    if (this.released) {
      return;
    }
    const { event: name, user_id: userId, uuid } = event.server_info;
    const data = event.data !== null && typeof event.data === "object" ? event.data : {};
    if (name === "accept") {
      this.remoteAccepted(data, userId, uuid);
    } else if (name === "mediaStart") {
      this.joined(userId, uuid);
      this.mediaStarted("interlocutor", data.status);
    } else if (name === "out") {
      this.remoteOut(data, userId, uuid);
    } else if (name === "ping" && this.accepted) {
      this.send("pong", { status: "pong" });
    } else if (name === "toggleMute" && this.accepted) {
      this.api.notify("onToggleMute", { action: "toggleMute", uuid, user_id: userId, isMute: data.isMute,
        status: data.isMute, callInfo: this.invitation, type: this.type() });
    } else if (MEMBER_EVENTS.has(name) && this.accepted) {
      this.api.notify("onMember", { event: name, member: data, callInfo: this.invitation.data });
    } else if (PARTICIPANT_EVENTS.has(name)) {
      this.api.notify("onCallParticipant", { type: name, number: data.number, user_id: data.user_id,
        cause: data.cause, callInfo: this.invitation.data });
    } else if (name === "toggleHold" && this.accepted) {
      this.api.notify("onToggleHold", { action: "toggleHold", uuid, user_id: userId, isHold: data.isHold,
        status: data.isHold, callInfo: this.invitation, type: this.type() });
    }
  }

  remoteAccepted(data, userId, uuid) {
    if (this.isOwnUser(userId)) {
      // the same user took the call on another device: this one stops ringing (or leaves) without a word
      this.end("cancel");
      this.release(false);
      return;
    }
    if (!this.acceptAnnounced && this.isOwnUser(this.sys.caller_id)) {
      this.acceptAnnounced = true; // CppComet: only the caller hears of the first interlocutor who accepts
      this.api.notify("onCallAccept", { action: "accept", callInfo: this.invitation.data, accept_type: data.type });
    }
    this.joined(userId, uuid);
  }

  remoteOut(data, userId, uuid) {
    if (!this.conference) {
      // a dialog ends with the other side; the callKey tells this invitation from an older one on the same pipe
      if (data.callKey === this.sys.callKey) {
        this.end(data.status);
        this.release(true);
      }
      return;
    }
    this.participants.delete(String(userId));
    if (!this.streamMode) {
      this.send("ping", { status: "ping" }); // CppComet: ask who is still there
    }
    this.api.notify("onOut", { action: "out", uuid, user_id: userId, status: data.status,
      callInfo: this.invitation.data, type: this.type() });
  }

  /** `track_<callPipe>`: the server reports who subscribes, i.e. who accepted the call. */
  tracked(event) {
    if (!this.released && event.server_info.event === "subscription" && event.data && typeof event.data === "object") {
      this.joined(event.data.user_id, event.data.uuid);
    }
  }

  /** onIn, once per participant until that participant's `out` (CppComet 1.0 documented onIn but never called it). */
  joined(userId, uuid) {
    const id = String(userId);
    if (this.isOwnUser(userId) || this.participants.has(id)) {
      return;
    }
    this.participants.add(id);
    this.api.notify("onIn", { action: "in", uuid, user_id: userId, callInfo: this.invitation.data, type: this.type() });
  }

  /** The call ended for a reason other than our own hangup: tell the page, then leave. */
  fail(status, cause) {
    if (this.released) {
      return;
    }
    this.end(status, cause);
    this.release(true);
  }

  /** onCallEnd, once per call. `time` counts from the start of the conversation, `fullTime` from the accept. */
  end(status, cause) {
    if (this.ended) {
      return;
    }
    this.ended = true;
    const now = Date.now();
    const event = {
      action: "out",
      callInfo: this.invitation.data,
      time: this.mediaStartTime && status !== "busy" ? now - this.mediaStartTime : 0,
      status,
      fullTime: this.acceptTime ? now - this.acceptTime : 0,
    };
    if (cause !== undefined) {
      event.cause = cause;
    }
    this.api.notify("onCallEnd", event);
  }

  /**
   * Leaves the call: says `out` on the callPipe unless `notify` is false, unsubscribes, and, if accepted, reports
   * the end (status `hangup` unless reported already), ends the SIP session and unregisters.
   */
  release(notify) {
    if (this.released) {
      return;
    }
    this.released = true; // first: terminate() below emits "ended" synchronously
    if (this.ownsLocalStream) {
      stopStream(this.localStream);
    }
    if (notify) {
      this.send("out", { status: "hangup", callKey: this.sys.callKey });
    }
    this.subscriptionIds.forEach((id) => this.comet.unsubscription(id));
    this.subscriptionIds = [];
    if (this.accepted) {
      this.end("hangup");
      if (this.session && !this.session.isEnded()) {
        this.session.terminate();
      }
      if (this.userAgent) {
        this.userAgent.stop(); // CppComet 1.0 left every call's user agent registered and its socket open
      }
    }
    this.api.released(this);
  }

  /** Refuses this (not accepted) invitation: `out {status: "busy"}` tells the caller. */
  decline() {
    this.send("out", { status: "busy", callKey: this.sys.callKey });
    this.release(false);
  }

  /** The accepted type; CppComet passed `sys.type`, a field invitations do not have. */
  type() {
    return this.acceptOptions.type;
  }

  isOwnUser(userId) {
    return String(userId) === String(this.comet.getUserId());
  }

  subscribe(name, callback) {
    if (this.guest) {
      return;
    }
    const id = this.comet.subscription(name, callback);
    if (id !== false) {
      this.subscriptionIds.push(id);
    }
  }

  /** Signalling goes out once: the comet client queues it across reconnects (CppComet sent three copies 1 s apart). */
  send(event, message) {
    if (this.guest) {
      return;
    }
    this.comet.web_pipe_send(this.callPipe, event, message);
  }
}
