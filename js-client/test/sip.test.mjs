import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { buildOutputs } from "../build.mjs";
import { CometServerApi } from "../src/compat/CometServerApi.js";
import { CometVideoApi } from "../src/video/CometVideoApi.js";
import { CALL_STATUS } from "../src/video/SipCall.js";
import { fakeJsSIP } from "./FakeJsSIP.mjs";
import { fakeWebSocketClass, settle } from "./FakeWebSocket.mjs";

const DEV = 3;
const OWN_USER = 7;
const SERVER = "fs.example.com";

let WS;
let socket;
let comet;
let video;
let JsSIP;
let seen;
let media;

function fakeTrack(kind) {
  return { kind, stopped: false, stop() { this.stopped = true; } };
}

function fakeStream(kinds = ["audio"]) {
  const tracks = kinds.map(fakeTrack);
  return {
    tracks,
    getTracks: () => tracks.slice(),
    removeTrack: (track) => tracks.splice(tracks.indexOf(track), 1),
    addTrack: (track) => tracks.push(track),
  };
}

beforeEach(() => {
  WS = fakeWebSocketClass();
  comet = new CometServerApi();
  comet.setLogLevel(0);
  comet.start({ node: "h:1", dev_id: DEV, user_id: OWN_USER, user_key: "k", WebSocket: WS });
  socket = WS.last();
  JsSIP = fakeJsSIP();
  seen = [];
  media = [];
  Object.defineProperty(globalThis, "navigator", { configurable: true, writable: true, value: { mediaDevices: {
    getUserMedia: async (constraints) => {
      media.push(constraints);
      return fakeStream(constraints.video ? ["audio", "video"] : Object.keys(constraints));
    },
    enumerateDevices: async () => [{ kind: "videoinput", deviceId: "cam2", label: "USB" },
      { kind: "audioinput", deviceId: "mic1", label: "Mic" }, { kind: "audiooutput", deviceId: "spk", label: "" }],
  } } });
  video = new CometVideoApi(comet);
  video.start({ JsSIP });
});

afterEach(() => {
  video.unregister(); // its pagehide listener is on the global object
  comet.stop();
  delete globalThis.navigator;
});

const record = (name) => (event) => seen.push([name, event]);

/** register() and the comet server's acceptance of the user: the phone's user agent is started. */
async function registered(options = {}) {
  assert.equal(video.register(Object.assign({ serverName: SERVER, onIn: record("onIn"),
    onStatus: record("onStatus"), onRegistered: record("onRegistered") }, options)), true);
  socket.serverGreet(true, "hash7");
  await settle();
  const userAgent = JsSIP.userAgents[0];
  userAgent.emit("registered", {});
  seen.length = 0;
  return userAgent;
}

/** An outgoing call dialled: the JsSIP session, and the call's Call-ID as JsSIP's "sending" tells it. */
async function dialled(target = "1000", options = {}, callId = "call-id-1") {
  const userAgent = await registered();
  const call = video.call(target, options);
  await settle();
  const session = userAgent.calls[0].session;
  session.emit("sending", { request: { call_id: callId } });
  return { userAgent, call, session };
}

async function established(target, options) {
  const dial = await dialled(target, options);
  dial.session.emit("accepted", { originator: "remote" });
  dial.session.emit("confirmed", { originator: "local" });
  seen.length = 0;
  return dial;
}

function statuses() {
  const taken = seen.filter(([name]) => name === "onStatus").map(([, event]) => [event.status, event.cause, event.source]);
  seen.length = 0;
  return taken;
}

function serverStatus(data) {
  socket.serverSend(JSON.stringify({ data, event: "sipStatus", message_send_time: 1, pipe: "_calls" }));
}

test("register waits for the comet server's acceptance, then registers the user's SIP account on serverName", async () => {
  assert.equal(video.register({ serverName: SERVER, serverPort: 7444, onRegistered: record("onRegistered") }), true);
  await settle();
  assert.equal(JsSIP.userAgents.length, 0, "not before the user is accepted");
  socket.serverGreet(true, "hash7");
  await settle();
  assert.equal(JsSIP.userAgents.length, 1);
  const userAgent = JsSIP.userAgents[0];
  const { sockets, ...configuration } = userAgent.configuration;
  assert.deepEqual(sockets.map((s) => s.url), ["wss://fs.example.com:7444"]);
  assert.equal(configuration.uri, "sip:0000037@fs.example.com");
  assert.equal(configuration.password, "hash7");
  // a contact of our choosing: FreeSWITCH's legs to this browser are named after its user part
  assert.match(configuration.contact_uri, /^sip:c[a-z0-9]{11}@[a-z0-9]{12}\.invalid;transport=ws$/);
  assert.equal(configuration.contact_uri.slice(4, 16), video.phone.device);
  assert.equal(userAgent.started, true);
  userAgent.emit("registered", {});
  assert.deepEqual(seen.map(([name]) => name), ["onRegistered"]);
  // the frames are the client's own: no subscription of _calls goes to the server
  assert.equal(socket.sent.some((text) => text.includes("_calls")), false);

  socket.serverClose();
  WS.last().serverGreet(true, "hash7"); // a reconnect: the same user agent goes on
  await settle();
  assert.equal(JsSIP.userAgents.length, 1);
});

test("a user the comet server refuses cannot register: onRegistrationFailed, no user agent", async () => {
  assert.equal(video.register({ serverName: SERVER, onRegistrationFailed: record("failed") }), true);
  socket.serverGreet(false, "");
  await settle();
  assert.deepEqual(seen, [["failed", { cause: "the comet server did not accept the user" }]]);
  assert.equal(JsSIP.userAgents.length, 0);
});

test("register refuses: no serverName, no JsSIP, registered already; call refuses before register", async () => {
  assert.equal(video.call("1000"), null);
  assert.equal(video.register({}), false);
  assert.equal(new CometVideoApi(comet).register({ serverName: SERVER }), false, "JsSIP missing");
  assert.equal(video.register({ serverName: SERVER }), true);
  assert.equal(video.register({ serverName: SERVER }), false);
  assert.equal(video.call("1000"), null, "the user is not accepted yet");
});

test("a call to a SIP user rings, is established, and each status reaches onStatus and call.on once", async () => {
  const { userAgent, call, session } = await dialled("1000", { video: true });
  assert.deepEqual(media, [{ audio: true, video: true }]);
  const { target, options } = userAgent.calls[0];
  assert.equal(target, "sip:1000@fs.example.com");
  assert.equal(options.mediaStream, call.localStream);
  assert.deepEqual(options.mediaConstraints, { audio: true, video: true });
  assert.equal(call.sipCallId, "call-id-1");
  assert.equal(call.direction, "out");
  const onCall = [];
  call.on(CALL_STATUS.ESTABLISHED, (event) => onCall.push(event.status)).on("*", (event) => onCall.push("*" + event.status));

  session.emit("progress", { originator: "remote" });
  session.emit("progress", { originator: "remote" }); // 180 then 183
  session.emit("accepted", { originator: "remote" });
  session.emit("confirmed", { originator: "local" });
  assert.deepEqual(statuses(), [["RING", undefined, "sip"], ["ESTABLISHED", undefined, "sip"]]);
  assert.deepEqual(onCall, ["*RING", "ESTABLISHED", "*ESTABLISHED"]);
  assert.equal(call.status, "ESTABLISHED");
  assert.deepEqual(video.sipCalls(), [call]);
});

test("targets: extension, +number, user@host and sip: URIs; anything else is refused", async () => {
  const userAgent = await registered();
  for (const [target, uri] of [["+4930123456", "sip:+4930123456@fs.example.com"], [1001, "sip:1001@fs.example.com"],
    ["0000035", "sip:0000035@fs.example.com"], ["bob@pbx.example.com", "sip:bob@pbx.example.com"],
    ["sip:alice@10.0.0.1:5060", "sip:alice@10.0.0.1:5060"]]) {
    assert.notEqual(video.call(target), null, target);
    await settle();
    assert.equal(userAgent.calls.pop().target, uri);
  }
  for (const bad of ["", "a b", "1000\r\nVia: x", "<sip:x>", null, {}]) {
    assert.equal(video.call(bad), null, JSON.stringify(bad));
  }
  assert.equal(userAgent.calls.length, 0);
});

test("a call waits for the SIP socket before dialling", async () => {
  const userAgent = await registered();
  userAgent.connected = false;
  video.call("1000");
  await settle();
  assert.equal(userAgent.calls.length, 0);
  userAgent.connected = true;
  userAgent.emit("connected", {});
  await settle();
  assert.equal(userAgent.calls.length, 1);
});

test("hold, unhold, DTMF and transfer go over SIP; HOLD is a status", async () => {
  const { call, session } = await established();
  assert.equal(call.unhold(), false, "not held");
  assert.equal(call.hold(), true);
  assert.equal(session.held, true);
  session.emit("hold", { originator: "local" });
  assert.equal(call.unhold(), true);
  session.emit("unhold", { originator: "local" });
  assert.deepEqual(statuses(), [["HOLD", undefined, "sip"], ["ESTABLISHED", undefined, "sip"]]);

  assert.equal(call.sendDTMF("12#*AD,5"), true);
  assert.deepEqual(session.dtmf, [["12#*AD,5", {}]]);
  for (const bad of ["12x", "", "1".repeat(65), 12]) {
    assert.equal(call.sendDTMF(bad), false, String(bad));
  }
  assert.equal(session.dtmf.length, 1);

  const transferred = call.transfer("1001");
  assert.equal(session.refers[0].target, "sip:1001@fs.example.com");
  session.refers[0].options.eventHandlers.requestSucceeded({});
  assert.equal(await transferred, true);
  const refused = call.transfer("+491234567");
  session.refers[1].options.eventHandlers.requestFailed({ cause: "Forbidden" });
  await assert.rejects(refused, /transfer refused: Forbidden/);
  await assert.rejects(call.transfer("a b"), /bad target/);
  session.refer = () => false; // JsSIP in a dialog state it cannot refer in
  await assert.rejects(call.transfer("1001"), /not confirmed/);
  session.sendDTMF = () => {
    throw new Error("Invalid status: 7");
  };
  assert.equal(call.sendDTMF("1"), false);
});

test("DTMF options: the phone's dtmf option, e.g. RFC 2833 instead of JsSIP's default INFO", async () => {
  await registered({ dtmf: { transportType: "RFC2833" } });
  const call = video.call("1000");
  await settle();
  const session = JsSIP.userAgents[0].calls[0].session;
  session.emit("accepted", {});
  call.sendDTMF("5");
  assert.deepEqual(session.dtmf, [["5", { transportType: "RFC2833" }]]);
});

test("hang-up: BYE, FINISH once, the camera released; nothing works on a finished call", async () => {
  const { call, session } = await established("1000", { video: true });
  const tracks = call.localStream.getTracks();
  assert.equal(call.hangup(), true);
  assert.equal(session.ended, true);
  assert.deepEqual(statuses(), [["FINISH", "Terminated", "sip"]]);
  assert.equal(tracks.every((track) => track.stopped), true);
  assert.equal(call.isEnded(), true);
  assert.equal(call.hangup(), false);
  assert.equal(call.hold(), false);
  assert.equal(call.sendDTMF("1"), false);
  await assert.rejects(call.transfer("1001"), /no established call/);
  serverStatus({ session_id: "uuid-1", direction: "out", peer: "1000", state: "FINISH", cause: "NORMAL_CLEARING", duration: 3 });
  assert.deepEqual(statuses(), [], "the server's FINISH of a finished call is not a second FINISH");
  assert.equal(call.serverInfo.duration, 3, "but its figures are kept");
  assert.deepEqual(video.sipCalls(), []);
});

test("a busy callee: FAILED with JsSIP's cause and the SIP code; cancelling our own ringing call is FINISH", async () => {
  const { session } = await dialled();
  session.emit("failed", { originator: "remote", cause: "Busy", message: { status_code: 486 } });
  const [[name, event]] = seen;
  assert.equal(name, "onStatus");
  assert.deepEqual([event.status, event.cause, event.sipCode], ["FAILED", "Busy", 486]);
  seen.length = 0;

  const call = video.call("1001");
  await settle();
  const second = JsSIP.userAgents[0].calls[1].session;
  call.hangup();
  assert.equal(second.ended, true);
  second.emit("failed", { originator: "local", cause: "Canceled" });
  assert.deepEqual(statuses(), [["FINISH", "Terminated", "sip"]]);
});

test("the server's sipStatus frames move the call with FreeSWITCH's cause; frames of other calls reach onStatus alone", async () => {
  const { call } = await dialled("+4930123456");
  // the first frame names the call: same direction, the number dialled
  serverStatus({ session_id: "uuid-1", direction: "out", state: "RING", peer: "+4930123456" });
  assert.equal(call.sessionId, "uuid-1");
  // then the session_id does, whatever the peer became (the gateway's view of the number)
  serverStatus({ session_id: "uuid-1", direction: "out", state: "ESTABLISHED", peer: "4930123456" });
  serverStatus({ session_id: "uuid-1", direction: "out", state: "HOLD", peer: "4930123456" });
  assert.deepEqual(statuses(), [["RING", undefined, "server"], ["ESTABLISHED", undefined, "server"],
    ["HOLD", undefined, "server"]]);

  serverStatus({ session_id: "uuid-2", direction: "out", state: "ESTABLISHED", peer: "1002" });
  serverStatus({ session_id: "uuid-3", direction: "in", state: "RING", peer: "+4930123456" });
  serverStatus({ session_id: "uuid-1", state: "BOGUS" });
  serverStatus("not an object");
  const others = seen.slice();
  seen.length = 0;
  assert.deepEqual(others.map(([, event]) => [event.call, event.status, event.data.session_id]),
    [[undefined, "ESTABLISHED", "uuid-2"], [undefined, "RING", "uuid-3"]], "other devices' calls");

  serverStatus({ session_id: "uuid-1", state: "FAILED", cause: "USER_BUSY", sip_code: 486 });
  assert.deepEqual(seen.map(([, event]) => [event.status, event.cause, event.sipCode]), [["FAILED", "USER_BUSY", 486]]);
  assert.equal(call.isEnded(), true);
});

test("a click-to-call rings here as an incoming call; the frames of this browser's leg find it, not another's", async () => {
  const userAgent = await registered();
  userAgent.incoming("fs-c2c", "talker", "Click-to-call");
  const call = seen.find(([name]) => name === "onIn")[1].call;
  seen.length = 0;
  // the user's other browser rings too: its leg's frames are not this call's, though direction and peer agree
  serverStatus({ session_id: "uuid-other", direction: "c2c", state: "ESTABLISHED", peer: "talker", device: "cother" });
  assert.equal(call.sessionId, undefined);
  assert.deepEqual(seen.map(([, event]) => [event.call, event.status]), [[undefined, "ESTABLISHED"]]);
  seen.length = 0;
  serverStatus({ session_id: "uuid-c2c", direction: "c2c", state: "RING", peer: "00000012", dial: "talker",
    device: video.phone.device });
  assert.equal(call.sessionId, "uuid-c2c", "its own leg, whatever the peer");
  assert.deepEqual(statuses(), [], "RING already");
  serverStatus({ session_id: "uuid-c2c", direction: "c2c", state: "FAILED", peer: "00000012", cause: "LOSE_RACE",
    device: video.phone.device });
  assert.deepEqual(statuses(), [["FAILED", "LOSE_RACE", "server"]], "answered on the other browser");
});

test("an incoming call reaches onIn with the caller's id and name; answer sends the media, once", async () => {
  const userAgent = await registered();
  const session = userAgent.incoming("fs-call-id", "0000035", "Bob");
  const [[name, event]] = seen.filter(([n]) => n === "onIn");
  assert.equal(name, "onIn");
  assert.equal(event.callerId, "0000035");
  assert.equal(event.callerName, "Bob");
  assert.equal(event.callerUserId, 5, "a browser user of this dev_id");
  const call = event.call;
  assert.equal(call.direction, "in");
  assert.equal(call.sipCallId, "fs-call-id");
  assert.equal(call.status, "RING");
  assert.equal(call.hold(), false, "not established");

  const remote = {};
  assert.equal(await call.answer({ video: false, audio_remote: remote }), true);
  assert.deepEqual(media, [{ audio: true, video: false }]);
  assert.equal(session.answered.mediaStream, call.localStream);
  assert.equal(await call.answer({}), false, "answered already");
  session.emit("accepted", {});
  session.remoteTrack({ id: "remote" });
  assert.deepEqual(remote.srcObject, { id: "remote" });

  const phone = userAgent.incoming("fs-call-2", "1000", "");
  const second = seen.filter(([n]) => n === "onIn").pop()[1];
  assert.equal(second.callerUserId, undefined, "a SIP phone");
  second.call.hangup();
  assert.equal(phone.ended, true);
});

test("switchDevice replaces the sent track without renegotiation and stops the old one", async () => {
  const { call, session } = await established("1000", { video: true });
  const oldVideo = call.localStream.getTracks().find((track) => track.kind === "video");
  let replaced;
  session.connection.senders.push({ track: oldVideo, replaceTrack: async (track) => (replaced = track) });
  const track = await call.switchDevice("video", "cam2");
  assert.equal(replaced, track);
  assert.deepEqual(media.pop(), { video: { deviceId: { exact: "cam2" } } });
  assert.equal(oldVideo.stopped, true);
  assert.equal(call.localStream.getTracks().includes(track), true);
  await assert.rejects(call.switchDevice("audio", "mic1"), /sends no audio/);
  await assert.rejects(call.switchDevice("screen", "x"), /audio or video/);
  assert.deepEqual(await video.devices(), { videoinput: [{ deviceId: "cam2", label: "USB" }],
    audioinput: [{ deviceId: "mic1", label: "Mic" }], audiooutput: [{ deviceId: "spk", label: "" }] });
});

test("getStats summarises the peer connection's report per kind", async () => {
  const { call, session } = await established();
  for (const stat of [
    { id: "c1", type: "codec", mimeType: "audio/opus" },
    { id: "i1", type: "inbound-rtp", kind: "audio", codecId: "c1", packetsReceived: 500, packetsLost: 3,
      bytesReceived: 40000, jitter: 0.004 },
    { id: "o1", type: "outbound-rtp", kind: "audio", codecId: "c1", packetsSent: 498, bytesSent: 39000 },
    { id: "p1", type: "candidate-pair", nominated: true, state: "succeeded", currentRoundTripTime: 0.02 },
    { id: "p2", type: "candidate-pair", nominated: false, state: "failed", currentRoundTripTime: 9 },
  ]) {
    session.connection.statsReport.set(stat.id, stat);
  }
  assert.deepEqual(await call.getStats(), {
    audio: { inbound: { packetsReceived: 500, packetsLost: 3, bytesReceived: 40000, jitter: 0.004 },
      outbound: { packetsSent: 498, bytesSent: 39000 }, codec: "opus" },
    video: { inbound: undefined, outbound: undefined, codec: undefined },
    roundTripTime: 0.02,
  });
});

test("no microphone: the call FAILS with no-media-stream and nothing is dialled", async () => {
  const userAgent = await registered();
  globalThis.navigator.mediaDevices.getUserMedia = async () => {
    throw Object.assign(new Error("Permission denied"), { name: "NotAllowedError" });
  };
  const call = video.call("1000");
  await settle();
  await settle();
  assert.equal(userAgent.calls.length, 0);
  assert.deepEqual(statuses(), [["FAILED", "no-media-stream", "sip"]]);
  assert.equal(call.isEnded(), true);
});

test("unregister hangs up the calls, stops the user agent and forgets the status frames", async () => {
  const { userAgent, session } = await established();
  assert.equal(video.unregister(), true);
  assert.equal(session.ended, true);
  assert.equal(userAgent.stopped, true);
  seen.length = 0;
  serverStatus({ call_id: "x", state: "RING" });
  assert.deepEqual(seen, []);
  assert.equal(video.unregister(), false);
  assert.equal(video.register({ serverName: SERVER }), true, "and may register again");
});

test("closing the page hangs up its SIP calls and unregisters (a closed tab sends no BYE by itself)", async () => {
  const listeners = new Map(); // window's, which node has not
  globalThis.addEventListener = (type, listener) => listeners.set(type, listener);
  globalThis.removeEventListener = (type, listener) => listeners.get(type) === listener && listeners.delete(type);
  try {
    const { userAgent, session } = await established();
    listeners.get("pagehide")({ type: "pagehide" });
    assert.equal(session.ended, true);
    assert.equal(userAgent.stopped, true);
    assert.equal(listeners.has("pagehide"), false, "removed once stopped");
  } finally {
    delete globalThis.addEventListener;
    delete globalThis.removeEventListener;
  }
});

test("a throwing page callback does not stop the call", async () => {
  const { call, session } = await dialled("1000", {}, "cid");
  call.on(CALL_STATUS.RING, () => {
    throw new Error("page bug");
  });
  session.emit("progress", {});
  session.emit("accepted", {});
  assert.equal(call.status, "ESTABLISHED");
});

test("the ES module exports CALL_STATUS and the type definitions declare the SIP phone", async () => {
  const module = await import("../src/index.js");
  assert.deepEqual(Object.keys(module.CALL_STATUS), ["RING", "ESTABLISHED", "HOLD", "FINISH", "FAILED"]);
  assert.equal(typeof module.SipCall, "function");
  const types = buildOutputs()["comet-client.d.ts"];
  for (const name of ["register", "unregister", "call", "sipCalls", "devices", "answer", "hangup", "hold", "unhold",
    "sendDTMF", "transfer", "switchDevice", "getStats", "on"]) {
    assert.match(types, new RegExp("\\b" + name + "\\("), name);
  }
  assert.match(types, /export declare const CALL_STATUS/);
  assert.match(types, /onIn\?: \(event: SipIncomingEvent\) => void;/);
});
