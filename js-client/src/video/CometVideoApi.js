// CppComet's video API (`cometVideoApi`, api/cometVideoApi.js 1.0, docs/CPPCOMET.md §4.6) on JsSIP: invitations arrive as
// `msg.sys_sipCall` private messages, the page answers with acceptCall(), the browser registers with FreeSWITCH and
// dials the conference. JsSIP is the page's: `window.JsSIP` or the `JsSIP` option. Differences: README "Video API".

import { fullScreenSupported, requestFullScreen } from "./mediaElements.js";
import { VideoCall } from "./VideoCall.js";
import { SipPhone } from "./SipPhone.js";
import { guestInvitation, redeemGuestPass } from "./guestPass.js";
import { parseData } from "../protocol/messages.js";
import { callParticipantCommand } from "../protocol/commands.js";

export class CometVideoApi {
  /** @param comet the CometServerApi whose connection carries invitations and signalling */
  constructor(comet) {
    this.comet = comet;
    this.log = comet.logger;
    // CppComet's option names; bandwidth in kbit/s, 0 leaves the browser's choice
    this.options = { bandwidth_video: 256, bandwidth_audio: 32 };
    this.invitationSubscription = undefined;
    this.lastCall = undefined; // the newest invitation, the one acceptCall() and busy() act on
    this.activeCall = undefined; // the accepted call
    this.phone = undefined; // the SIP phone, once register() was called
    this.errorListener = undefined; // the server's refusals of callParticipant, once it was called
  }

  /**
   * Takes callbacks (`onCall`, `onCallAccept`, `onCallStart`, `onCallEnd`, `onIn`, `onOut`, `onToggleMute`,
   * `onToggleHold`) and options (`JsSIP`, `iceServers`, `bandwidth_video`, `bandwidth_audio`); invitations are
   * awaited once the comet server has accepted the user.
   */
  start(options) {
    if (!options) {
      return false;
    }
    Object.assign(this.options, options);
    if (typeof options.toggleHold === "function" && !options.onToggleHold) {
      this.options.onToggleHold = options.toggleHold; // CppComet's name for this callback
    }
    this.comet.onAuthSuccess(() => this.awaitInvitations());
    return true;
  }

  /** The answer to a joining call's `conference_members`: `onMembers` for the call of that room. */
  membersListed(event) {
    const data = event.data;
    const call = this.activeCall;
    if (!data || typeof data !== "object" || !call || String(call.sys.conference_name) !== String(data.room)) {
      return;
    }
    this.notify("onMembers", { room: data.room, members: Array.isArray(data.members) ? data.members : [],
      callInfo: call.invitation.data });
  }

  awaitInvitations() {
    if (this.invitationSubscription === undefined) {
      this.invitationSubscription = this.comet.subscription("msg.sys_sipCall", (event) => this.invited(event));
      // an answer to this connection only, on pipe sys: read from the message stream, not subscribed to
      const client = this.comet.client ? this.comet.client : this.comet;
      client.on("message", (event) => {
        if (event.server_info.pipe === "sys" && event.server_info.event === "conference_members") {
          this.membersListed(event);
        }
      });
    }
  }

  invited(event) {
    const invitation = readInvitation(event);
    if (invitation === null) {
      this.log.warn("sys_sipCall without callPipe ignored");
      return;
    }
    if (this.activeCall && this.activeCall.callPipe === invitation.data.sys.callPipe) {
      this.activeCall.reinvited(invitation);
      return;
    }
    if (this.lastCall && this.lastCall !== this.activeCall) {
      this.lastCall.release(false); // an unanswered invitation gives way to the newer one, silently as in CppComet
    }
    this.lastCall = new VideoCall(invitation, this);
    this.lastCall.listen();
    this.notify("onCall", { data: invitation.data.message });
  }

  /**
   * Answers the newest invitation with `{type: "audio" | "video" | "none", video_remote, audio_remote, video_local,
   * custom_stream}`. False when a call is active already, there is nothing to answer or JsSIP is missing.
   */
  acceptCall(acceptOptions) {
    if (this.activeCall) {
      this.log.error("acceptCall: a call is active already; hang it up first");
      return false;
    }
    if (!this.lastCall) {
      this.log.error("acceptCall: no invitation to accept");
      return false;
    }
    const JsSIP = this.options.JsSIP || globalThis.JsSIP;
    if (!JsSIP || typeof JsSIP.UA !== "function") {
      this.log.error("acceptCall: JsSIP is missing; load jssip or pass start({JsSIP})");
      return false;
    }
    this.activeCall = this.lastCall;
    this.activeCall.accept(Object.assign({}, acceptOptions), JsSIP);
    return true;
  }

  /**
   * Joins a room with a guest pass (docs/GUESTS.md), without a comet login: redeems `token` at the comet server
   * (`POST /conference/guest`; a pass works once) and dials the room with the guest's own SIP account, valid for that
   * room until the pass expires. Options: `token` (required), `server` (the comet node, default the one `start()`
   * was given), `profile` (the conference profile, e.g. `video`), and acceptCall's `type`, `video_remote`,
   * `audio_remote`, `video_local`, `custom_stream`. Resolves with the join data (`userId`, `displayName`, `expires`,
   * `conference_name`, …) once dialling started; rejects with the server's refusal (`error.status` 404: unknown, used
   * or expired) or when JsSIP or fetch is missing or a call is active. onCallStart/onCallEnd report the call as for an
   * invitation; there is no callPipe signalling (onIn, onOut, onCallAccept stay silent).
   */
  joinAsGuest(options) {
    const JsSIP = this.options.JsSIP || globalThis.JsSIP;
    const fetch = globalThis.fetch;
    const comet = this.comet.options || {};
    const server = options && options.server ? options.server : comet.node || (comet.nodes || [])[0];
    const refuse = (message) => {
      this.log.error("joinAsGuest: " + message);
      return Promise.reject(new Error(message));
    };
    if (!options || typeof options.token !== "string" || options.token === "") {
      return refuse("the guest pass token is missing");
    }
    if (!JsSIP || typeof JsSIP.UA !== "function") {
      return refuse("JsSIP is missing; load jssip or pass start({JsSIP})");
    }
    if (typeof fetch !== "function") {
      return refuse("fetch is missing");
    }
    if (!server) {
      return refuse("no comet server: joinAsGuest({server}) or start({node})");
    }
    if (this.activeCall) {
      return refuse("a call is active already; hang it up first");
    }
    return redeemGuestPass(fetch, server, options.token, options.profile).then((join) => {
      if (this.activeCall) {
        throw new Error("a call became active while the pass was redeemed");
      }
      const { token, server: ignored, profile, ...acceptOptions } = options;
      if (this.lastCall) {
        this.lastCall.release(false); // a pending invitation gives way, as to a newer invitation
      }
      this.lastCall = new VideoCall(guestInvitation(join), this);
      this.activeCall = this.lastCall;
      this.activeCall.accept(acceptOptions, JsSIP);
      const { sipPassword, ...visible } = join;
      return visible;
    });
  }

  /**
   * Leaves the active call, or refuses the pending invitation, saying `out {status: "hangup"}` on the callPipe
   * unless `doNotNotify`. `callInfo` (an invitation's data or event) picks the call by its callPipe.
   */
  hangup(callInfo, doNotNotify) {
    const call = this.callFor(callInfo) || this.activeCall || this.lastCall;
    if (!call) {
      return false;
    }
    call.release(!doNotNotify);
    return true;
  }

  /** Refuses the pending invitation with `out {status: "busy"}`; false when there is none (an accepted call is hung up). */
  busy() {
    if (!this.lastCall || this.lastCall.accepted) {
      return false;
    }
    this.lastCall.decline();
    return true;
  }

  callFor(callInfo) {
    const data = callInfo && callInfo.data && callInfo.data.sys ? callInfo.data : callInfo;
    const callPipe = data && data.sys ? data.sys.callPipe : undefined;
    return [this.activeCall, this.lastCall].find((call) => call && callPipe !== undefined && call.callPipe === callPipe);
  }

  /** Called by a call once it let go of everything. */
  released(call) {
    if (this.activeCall === call) {
      this.activeCall = undefined;
    }
    if (this.lastCall === call) {
      this.lastCall = undefined;
    }
  }

  isInCall() {
    return this.activeCall !== undefined;
  }

  /** The active SIP session, once dialled. */
  activeSession() {
    return this.activeCall && this.activeCall.session ? this.activeCall.session : undefined;
  }

  /** `{audio, video}` as JsSIP reports it, or undefined outside a call. */
  isMute() {
    const session = this.activeSession();
    return session ? session.isMuted() : undefined;
  }

  /** Mutes microphone and camera, or unmutes them; returns the new audio state and tells the others. */
  toggleMute() {
    const session = this.activeSession();
    if (!session) {
      return undefined;
    }
    if (session.isMuted().audio) {
      session.unmute({ audio: true, video: this.activeCall.type() === "video" });
    } else {
      session.mute({ audio: true, video: true });
    }
    const isMute = session.isMuted().audio;
    this.activeCall.send("toggleMute", { isMute });
    return isMute;
  }

  muteAudio(mute) {
    return this.muteMedia({ audio: true }, mute);
  }

  muteVideo(mute) {
    return this.muteMedia({ video: true }, mute);
  }

  muteMedia(media, mute) {
    const session = this.activeSession();
    if (!session) {
      return undefined;
    }
    if (mute) {
      session.mute(media);
    } else {
      session.unmute(media);
    }
    this.activeCall.send("toggleMute", { isMute: Boolean(mute) });
    return true;
  }

  /** Puts the call on hold or takes it off; returns whether it is now held (CppComet 1.0 could only hold). */
  toggleHold() {
    const session = this.activeSession();
    if (!session) {
      return undefined;
    }
    if (session.isOnHold().local) {
      session.unhold();
    } else {
      session.hold();
    }
    return session.isOnHold().local;
  }

  /** Sets the SDP bandwidth limits in kbit/s (`{video, audio}`, 0 = browser default) for later calls; returns them. */
  setBandwidth(limits) {
    if (limits && limits.video !== undefined) {
      this.options.bandwidth_video = Number(limits.video);
    }
    if (limits && limits.audio !== undefined) {
      this.options.bandwidth_audio = Number(limits.audio);
    }
    return this.bandwidth();
  }

  bandwidth() {
    return { video: this.options.bandwidth_video, audio: this.options.bandwidth_audio };
  }

  /**
   * The browser as a SIP phone (docs/CALLS.md "SIP calls"): registers the user's SIP account on FreeSWITCH
   * `serverName`:`serverPort` (wss, default 7443) once the comet server accepted the user, so that calls to the user
   * ring here. Options: `serverName` (required), `serverPort`, `onIn({call, callerId, callerName, callerUserId})`,
   * `onStatus({status, call, cause, sipCode, source})`, `onRegistered`, `onRegistrationFailed({cause})`,
   * `iceServers`, `dtmf` (JsSIP's sendDTMF options, e.g. `{transportType: "RFC2833"}`). False without JsSIP or
   * serverName, or when registered already.
   */
  register(options) {
    const JsSIP = this.options.JsSIP || globalThis.JsSIP;
    if (!options || typeof options.serverName !== "string" || options.serverName === "") {
      this.log.error("register: serverName (the FreeSWITCH host browsers reach over wss) is missing");
      return false;
    }
    if (!JsSIP || typeof JsSIP.UA !== "function") {
      this.log.error("register: JsSIP is missing; load jssip or pass start({JsSIP})");
      return false;
    }
    if (this.phone) {
      this.log.error("register: registered already; unregister() first");
      return false;
    }
    this.phone = new SipPhone(this, JsSIP, Object.assign({}, options));
    const phone = this.phone;
    this.comet.onAuthSuccess(() => {
      if (this.phone === phone && !phone.userAgent && !phone.stopped) {
        phone.start();
      }
    });
    // the SIP password is the comet key: a key the comet server refused cannot register either
    this.comet.onAuthFail(() => {
      if (this.phone === phone && !phone.userAgent && !phone.stopped) {
        phone.notify("onRegistrationFailed", { cause: "the comet server did not accept the user" });
      }
    });
    return true;
  }

  /** Hangs up the SIP calls and unregisters; false when not registered. */
  unregister() {
    if (!this.phone) {
      return false;
    }
    this.phone.stop();
    this.phone = undefined;
    return true;
  }

  /**
   * Calls `target` through FreeSWITCH: a SIP user or extension (`"1000"`), a phone number (`"+4930123456"`), a
   * browser user's SIP name or a `sip:` URI. Options: `video` (default false: audio), `video_local`, `video_remote`,
   * `audio_remote`, `custom_stream`. Returns the call (see SipCall), or null before register() or for a bad target.
   */
  call(target, options) {
    if (!this.phone || !this.phone.userAgent) {
      this.log.error("call: register() first, and wait for the comet server to accept the user");
      return null;
    }
    return this.phone.call(target, Object.assign({}, options));
  }

  /** The live SIP calls (outgoing and incoming). */
  sipCalls() {
    return this.phone ? [...this.phone.calls] : [];
  }

  /** Cameras, microphones and speakers: `{audioinput, videoinput, audiooutput}` lists of `{deviceId, label}`. */
  devices() {
    const devices = globalThis.navigator && globalThis.navigator.mediaDevices;
    if (!devices || typeof devices.enumerateDevices !== "function") {
      return Promise.reject(new Error("navigator.mediaDevices.enumerateDevices is missing (pages need https)"));
    }
    return devices.enumerateDevices().then((list) => {
      const grouped = { audioinput: [], videoinput: [], audiooutput: [] };
      list.forEach((device) => {
        if (grouped[device.kind]) {
          grouped[device.kind].push({ deviceId: device.deviceId, label: device.label });
        }
      });
      return grouped;
    });
  }

  /** Full screen for `element`, by default the active call's `video_remote`. */
  fullScreen(element) {
    const target = element || (this.activeCall ? this.activeCall.acceptOptions.video_remote : undefined);
    return requestFullScreen(target);
  }

  isFullScreenSupport() {
    return fullScreenSupported();
  }

  /**
   * Asks the server to call a phone `number` (`+` and 3 to 15 digits) into the conference of the accepted (or else the
   * newest) invitation (Voximplant's CALL_PARTICIPANT). Every page of the room then gets `onCallParticipant` with
   * `type` `CALL_PARTICIPANT`, then `CALL_PARTICIPANT_CONNECTED` or `CALL_PARTICIPANT_FAILED` (with `cause`), later
   * `CALL_PARTICIPANT_DISCONNECTED`; a refusal (no permission, not in the room, bad number) reaches this page only, as
   * `onCallParticipantError({room, number, error})`. False when there is no conference invitation.
   */
  callParticipant(number) {
    const call = this.activeCall || this.lastCall;
    if (!call || !call.conference || (typeof number !== "string" && typeof number !== "number")) {
      return false;
    }
    const client = this.comet.client ? this.comet.client : this.comet;
    if (!this.errorListener) {
      this.errorListener = (event) => {
        const { pipe, event: name } = event.server_info;
        const data = event.data;
        if (pipe === "sys" && name === "error" && data && typeof data === "object" && data.number !== undefined) {
          this.notify("onCallParticipantError", { room: data.room, number: data.number, error: data.error });
        }
      };
      client.on("message", this.errorListener);
    }
    client.command(callParticipantCommand(String(call.sys.conference_name), String(number)));
    return true;
  }

  /** Runs the page callback option `name`. */
  notify(name, event) {
    this.invoke(name, this.options[name], event);
  }

  /** Runs a page callback, if it is one; one that throws must not break the call's bookkeeping. */
  invoke(name, callback, event) {
    if (typeof callback !== "function") {
      return;
    }
    try {
      callback(event);
    } catch (error) {
      this.log.error(name + " failed: " + (error && error.stack ? error.stack : error));
    }
  }
}

/**
 * The invitation as callbacks see it: a copy of the event (the page may change what it is given) whose
 * `data.message` is parsed when it is a JSON object, or null without a callPipe.
 */
function readInvitation(event) {
  const data = event.data;
  if (data === null || typeof data !== "object" || !data.sys || typeof data.sys.callPipe !== "string") {
    return null;
  }
  const invitation = JSON.parse(JSON.stringify(event));
  const message = parseData(invitation.data.message);
  if (message !== null && typeof message === "object") {
    invitation.data.message = message;
  }
  return invitation;
}
