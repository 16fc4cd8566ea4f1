// The browser as a SIP phone on FreeSWITCH (docs/CALLS.md "SIP calls"): one JsSIP user agent registered with the
// user's SIP account (the same account conferences use: `<6-digit dev_id><user id>`, the comet key as password), so
// that SIP devices and click-to-call can ring this browser, and calls out to SIP users, extensions and +numbers.
// The server's `_calls`/`sipStatus` frames (FreeSWITCH's view of each call) reach the calls they name.

import { CALL_STATUS, SipCall } from "./SipCall.js";
import { DEFAULT_ICE_SERVERS, sipUserName, userAgentConfiguration } from "./sipSettings.js";

export const STATUS_SUBSCRIPTION = "_calls.sipStatus";
// what may follow "sip:" in a dialled target: a user part, or a whole SIP URI
const TARGET = /^(sip:)?[A-Za-z0-9+*#._~!$&'()=;?%-]+(@[A-Za-z0-9.:[\]-]+)?$/;
const SIP_NAME = /^(\d{6})([1-9]\d{0,8})$/;
const MAX_ENDED_CALLS = 8;
const TOKEN_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789";

export class SipPhone {
  /**
   * @param api the CometVideoApi (comet connection, logger, notify)
   * @param JsSIP the page's JsSIP
   * @param options `{serverName, serverPort, onIn, onStatus, onRegistered, onRegistrationFailed, iceServers, dtmf}`
   */
  constructor(api, JsSIP, options) {
    this.api = api;
    this.comet = api.comet;
    this.log = api.log;
    this.JsSIP = JsSIP;
    this.options = options;
    this.calls = new Set(); // live calls
    this.endedCalls = []; // the newest ended calls: the server's last frames of a call may come after JsSIP's end
    this.userAgent = null;
    // the user part of this browser's registration: FreeSWITCH names its legs to this browser after it, and the
    // server's frames say it ("device"), so each of the user's browsers knows which legs are its own
    this.device = "c" + randomToken(11);
    this.registered = false;
    this.stopped = false;
    this.subscriptionId = undefined;
    this.pageHidden = undefined;
  }

  /** Starts the user agent and listens to the server's status frames. */
  start() {
    const sys = { serverName: this.options.serverName, serverPort: this.options.serverPort || 7443 };
    const userName = sipUserName(this.comet.getDevId(), this.comet.getUserId());
    try {
      const configuration = userAgentConfiguration(this.JsSIP, sys, userName, this.comet.getRealUserKey());
      configuration.contact_uri = "sip:" + this.device + "@" + randomToken(12) + ".invalid;transport=ws";
      this.userAgent = new this.JsSIP.UA(configuration);
    } catch (error) {
      this.notify("onRegistrationFailed", { cause: error && error.message });
      return false;
    }
    this.userAgent.on("registered", () => {
      this.registered = true;
      this.notify("onRegistered", {});
    });
    this.userAgent.on("unregistered", () => {
      this.registered = false;
    });
    this.userAgent.on("registrationFailed", (event) => this.notify("onRegistrationFailed", { cause: event && event.cause }));
    this.userAgent.on("newRTCSession", (event) => {
      if (event.originator === "remote") {
        this.offered(event.session, event.request);
      }
    });
    this.userAgent.start();
    this.subscriptionId = this.comet.subscription(STATUS_SUBSCRIPTION, (event) => this.serverStatus(event.data));
    // a closed tab sends no BYE by itself: FreeSWITCH would keep its legs until the RTP timeout (minutes)
    this.pageHidden = () => this.stop();
    if (typeof globalThis.addEventListener === "function") {
      globalThis.addEventListener("pagehide", this.pageHidden);
    }
    return true;
  }

  /** Hangs up every call, unregisters and stops listening. */
  stop() {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    if (this.pageHidden && typeof globalThis.removeEventListener === "function") {
      globalThis.removeEventListener("pagehide", this.pageHidden);
    }
    [...this.calls].forEach((call) => call.hangup());
    if (this.subscriptionId !== undefined) {
      this.comet.unsubscription(this.subscriptionId);
    }
    if (this.userAgent) {
      this.userAgent.stop();
    }
  }

  /** Calls `target` (SIP user, extension, +number, a browser user's SIP name or a sip: URI). */
  call(target, options) {
    const uri = this.targetUri(target);
    if (uri === null) {
      this.log.error("call: bad target " + JSON.stringify(target));
      return null;
    }
    const call = new SipCall(this, "out", String(target));
    this.calls.add(call);
    this.connected().then(() => call.dial(this.userAgent, uri, options));
    return call;
  }

  /** Resolves once the user agent's WebSocket is up: JsSIP fails a call sent before ("Connection Error"). */
  connected() {
    if (typeof this.userAgent.isConnected !== "function" || this.userAgent.isConnected()) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.userAgent.on("connected", () => resolve()));
  }

  /** A call FreeSWITCH offers: onIn with the caller's SIP user and display name; the page answers or hangs up. */
  offered(session, request) {
    const call = new SipCall(this, "in", "");
    this.calls.add(call);
    call.offered(session, request);
    const event = { call, callerId: call.peer, callerName: call.callerName };
    const match = SIP_NAME.exec(call.peer);
    if (match && Number(match[1]) === Number(this.comet.getDevId() || 0)) {
      event.callerUserId = Number(match[2]); // another browser user of this dev_id
    }
    this.notify("onIn", event);
  }

  /**
   * A `sipStatus` frame: to the call of this browser it names, if any; otherwise (the call is on another device or
   * tab of the user) onStatus alone hears of it, with no call.
   */
  serverStatus(data) {
    if (data === null || typeof data !== "object" || !Object.values(CALL_STATUS).includes(data.state)) {
      return;
    }
    const call = this.callNamed(data);
    if (call) {
      call.serverStatus(data);
      return;
    }
    this.notify("onStatus", { status: data.state, call: undefined, cause: data.cause,
      sipCode: data.sip_code === undefined ? undefined : Number(data.sip_code), source: "server", data });
  }

  /**
   * The call a frame is about: the one that has its session_id already; else a live call of this browser not yet
   * named, in the same direction (click-to-call rings here as an incoming call) with the same peer: the number
   * dialled, or the caller's SIP user. FreeSWITCH does not tell the browser its uuid, so the first frame of a call
   * is matched this way and names it.
   */
  callNamed(data) {
    const sessionId = typeof data.session_id === "string" ? data.session_id : undefined;
    const named = [...this.calls, ...this.endedCalls].find((call) => sessionId && call.sessionId === sessionId);
    if (named || (data.device !== undefined && data.device !== this.device)) {
      return named; // a leg to another browser of the user
    }
    const direction = data.direction === "c2c" ? "in" : data.direction;
    // live calls first, then the newest ended ones (the server's last frames may come after JsSIP's end); a leg to
    // this browser names it, a call it placed is found by the number dialled
    const unnamed = [...this.calls, ...this.endedCalls.slice().reverse()]
      .filter((call) => call.sessionId === undefined && call.direction === direction);
    return data.device !== undefined && unnamed.length === 1 ? unnamed[0]
      : unnamed.find((call) => call.peer === String(data.peer));
  }

  /** `sip:<target>@<serverName>` for a bare user part; a sip: URI as it is; null for anything else. */
  targetUri(target) {
    const text = typeof target === "number" ? String(target) : target;
    if (typeof text !== "string" || !TARGET.test(text)) {
      return null;
    }
    if (text.startsWith("sip:")) {
      return text;
    }
    return text.includes("@") ? "sip:" + text : "sip:" + text + "@" + this.options.serverName;
  }

  ended(call) {
    this.calls.delete(call);
    this.endedCalls.push(call);
    if (this.endedCalls.length > MAX_ENDED_CALLS) {
      this.endedCalls.shift();
    }
  }

  iceServers() {
    return this.options.iceServers || this.api.options.iceServers || DEFAULT_ICE_SERVERS;
  }

  notify(name, event) {
    this.invoke(name, this.options[name], event);
  }

  invoke(name, callback, event) {
    this.api.invoke(name, callback, event);
  }
}

/** `length` random lower-case letters and digits (JsSIP's own contact users look the same). */
function randomToken(length) {
  let token = "";
  for (let i = 0; i < length; i++) {
    token += TOKEN_CHARACTERS.charAt(Math.floor(Math.random() * TOKEN_CHARACTERS.length));
  }
  return token;
}
