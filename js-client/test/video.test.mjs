import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";
import { buildOutputs } from "../build.mjs";
import { CometServerApi } from "../src/compat/CometServerApi.js";
import { CometVideoApi } from "../src/video/CometVideoApi.js";
import { limitBandwidth } from "../src/video/sdpBandwidth.js";
import { sipUserName } from "../src/video/sipSettings.js";
import { fakeJsSIP } from "./FakeJsSIP.mjs";
import { fakeWebSocketClass, settle } from "./FakeWebSocket.mjs";

const CALL_PIPE = "web_syscall_v1_AoHmACfvRwqKnfPVBoLxVqDAAncA";
const TRACK_PIPE = "track_" + CALL_PIPE;
const OWN_USER = 7;
const PEER = 5;

let socket;
let comet;
let video;
let JsSIP;
let seen;
let media;
let localStream;

function fakeStream() {
  const tracks = [{ stopped: false, stop() { this.stopped = true; } }];
  return { tracks, getTracks: () => tracks };
}

function setNavigator(getUserMedia) {
  Object.defineProperty(globalThis, "navigator", { value: { mediaDevices: { getUserMedia } }, configurable: true, writable: true });
}

beforeEach(async () => {
  const WS = fakeWebSocketClass();
  comet = new CometServerApi();
  comet.setLogLevel(0);
  comet.start({ node: "h:1", dev_id: 3, user_id: OWN_USER, user_key: "k", WebSocket: WS });
  socket = WS.last();
  socket.serverGreet(true, "hash7");
  JsSIP = fakeJsSIP();
  seen = [];
  media = [];
  localStream = fakeStream();
  setNavigator(async (constraints) => {
    media.push(constraints);
    return localStream;
  });
  video = new CometVideoApi(comet);
  const record = (name) => (event) => seen.push([name, event]);
  video.start({
    JsSIP, onCall: record("onCall"), onCallAccept: record("onCallAccept"), onCallStart: record("onCallStart"),
    onCallEnd: record("onCallEnd"), onIn: record("onIn"), onOut: record("onOut"), onToggleMute: record("onToggleMute"),
    onCallParticipant: record("onCallParticipant"), onCallParticipantError: record("onCallParticipantError"),
    onMembers: record("onMembers"), onMember: record("onMember"),
  });
  await settle();
});

afterEach(() => {
  comet.stop();
  delete globalThis.navigator;
});

function invite({ callerId = PEER, callKey = "key-1", conference = "true", message = '{"room":"101"}',
  serverName = "fs.example.com", stream = 0 } = {}) {
  socket.serverSend(JSON.stringify({ data: { message, sys: { callKey, callPipe: CALL_PIPE, caller_id: callerId,
    conference, conference_name: "101", mode: "video", serverName, serverPort: 7443,
    sipNumber: "3*101*video", stream } }, event: "sys_sipCall", pipe: "msg" }));
}

/** A `web_pipe2` message of another participant on the callPipe, as the server relays it. */
function fromPeer(event, data, userId = PEER) {
  socket.serverSend(JSON.stringify({ data: JSON.stringify(data), event, message_send_time: 1, pipe: CALL_PIPE, user_id: userId }));
}

/** [event, message] of every web_pipe2 sent on the callPipe since the last call, then forgets them. */
function takePublished() {
  const published = socket.sent.filter((text) => text.startsWith("web_pipe2\n")).map((text) => {
    const [, pipe, event, , payload] = text.split("\n");
    assert.equal(pipe, CALL_PIPE);
    return [event, JSON.parse(payload)];
  });
  socket.sent.length = 0;
  return published;
}

function takeSeen() {
  const taken = seen.slice();
  seen.length = 0;
  return taken;
}

function lastSubscription() {
  return socket.sent.filter((text) => text.startsWith("subscription")).pop();
}

/** Invitation, acceptCall and SIP registration: the session is dialled. */
async function dialled(acceptOptions = { type: "video" }, invitation = {}) {
  invite(invitation);
  assert.equal(video.acceptCall(acceptOptions), true);
  await settle();
  const userAgent = JsSIP.userAgents[0];
  userAgent.emit("registered", {});
  takePublished();
  takeSeen();
  return { userAgent, session: userAgent.calls[0].session };
}

test("an invitation reaches onCall with its message parsed; the callPipe is subscribed and pinged", async () => {
  invite();
  await settle();
  assert.deepEqual(takeSeen(), [["onCall", { data: { room: "101" } }]]);
  assert.equal(lastSubscription(), "subscription\n" + CALL_PIPE);
  assert.deepEqual(takePublished(), [["ping", { status: "ping" }]]);
  assert.equal(video.isInCall(), false);
});

test("acceptCall registers the user's SIP account on the invitation's server and dials the conference", async () => {
  invite();
  socket.sent.length = 0;
  const elements = { video_local: {}, video_remote: {} };
  assert.equal(video.acceptCall(Object.assign({ type: "video" }, elements)), true);
  assert.deepEqual(takePublished(), [["pong", { status: "pong" }]]);
  await settle();
  assert.equal(lastSubscription(), "subscription\n" + CALL_PIPE + "\n" + TRACK_PIPE);
  assert.deepEqual(takePublished(), [["accept", { status: "start_accept", type: "video" }]]);
  assert.deepEqual(media, [{ audio: true, video: true }]);
  assert.equal(elements.video_local.srcObject, localStream);
  assert.equal(video.isInCall(), true);

  assert.equal(JsSIP.userAgents.length, 1);
  const userAgent = JsSIP.userAgents[0];
  const { sockets, ...configuration } = userAgent.configuration;
  assert.deepEqual(sockets.map((s) => s.url), ["wss://fs.example.com:7443"]);
  assert.deepEqual(configuration, {
    uri: "sip:0000037@fs.example.com", authorization_user: "0000037", password: "hash7", display_name: "0000037",
    registrar_server: "sip:fs.example.com", realm: "fs.example.com", session_timers: false, use_preloaded_route: false,
    no_answer_timeout: 120,
  });
  assert.equal(userAgent.started, true);
  assert.equal(userAgent.calls.length, 0, "dials only once registered");

  userAgent.emit("registered", {});
  userAgent.emit("registered", {}); // a re-registration
  assert.equal(userAgent.calls.length, 1);
  const { target, options } = userAgent.calls[0];
  assert.equal(target, "sip:3*101*video@fs.example.com");
  assert.equal(options.mediaStream, localStream);
  assert.deepEqual(options.mediaConstraints, { audio: true, video: true });
  assert.deepEqual(options.pcConfig, { iceServers: [{ urls: ["stun:stun.l.google.com:19302"] }] });

  const sdp = { originator: "local", type: "offer", sdp: "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n"
    + "a=rtpmap:111 opus/48000/2\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\nb=AS:2000\r\na=rtpmap:96 VP8/90000\r\n" };
  userAgent.calls[0].session.emit("sdp", sdp);
  assert.equal(sdp.sdp, "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\nb=AS:32\r\na=rtpmap:111 opus/48000/2\r\n"
    + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\nb=AS:256\r\na=rtpmap:96 VP8/90000\r\n");
  assert.deepEqual(takeSeen(), [["onCall", { data: { room: "101" } }]]);
});

test("the caller hears onCallAccept once; onIn announces each participant once; media of both sides starts the call", async () => {
  const remote = {};
  const { session } = await dialled({ type: "video", video_remote: remote }, { callerId: OWN_USER });
  fromPeer("accept", { status: "start_accept", type: "audio" });
  fromPeer("accept", { status: "start_accept", type: "audio" });
  const accepted = takeSeen();
  assert.deepEqual(accepted.map(([name]) => name), ["onCallAccept", "onIn"]);
  assert.deepEqual(accepted[0][1], { action: "accept", callInfo: accepted[0][1].callInfo, accept_type: "audio" });
  assert.equal(accepted[0][1].callInfo.sys.callPipe, CALL_PIPE);
  assert.equal(accepted[1][1].user_id, PEER);

  const remoteStream = fakeStream();
  session.remoteTrack(remoteStream);
  session.remoteTrack(remoteStream); // its video track
  assert.deepEqual(takePublished(), [["mediaStart", { status: "self" }]]);
  assert.deepEqual(takeSeen(), []);
  assert.equal(remote.srcObject, undefined, "shown once the conversation starts");
  fromPeer("mediaStart", { status: "self" });
  assert.deepEqual(takePublished(), [["mediaStart", { status: "answer" }]]);
  const started = takeSeen();
  assert.deepEqual(started.map(([name]) => name), ["onCallStart"]);
  assert.equal(started[0][1].action, "start");
  assert.equal(started[0][1].type, "video");
  assert.equal(started[0][1].callInfo.data.sys.callPipe, CALL_PIPE);
  assert.equal(remote.srcObject, remoteStream);

  socket.serverSend(JSON.stringify({ data: { user_id: 9, uuid: "u9" }, event: "subscription", pipe: TRACK_PIPE }));
  socket.serverSend(JSON.stringify({ data: { user_id: PEER, uuid: "u5" }, event: "subscription", pipe: TRACK_PIPE }));
  const joined = takeSeen();
  assert.deepEqual(joined.map(([name, event]) => [name, event.user_id, event.action]), [["onIn", 9, "in"]]);

  fromPeer("ping", { status: "ping" });
  assert.deepEqual(takePublished(), [["pong", { status: "pong" }]]);
});

test("a participant's out in a conference reaches onOut, asks who is left, and lets the same user be announced again", async () => {
  await dialled();
  fromPeer("mediaStart", { status: "self" }, 9);
  fromPeer("out", { status: "hangup", callKey: "key-1" }, 9);
  const events = takeSeen();
  assert.deepEqual(events.map(([name]) => name), ["onIn", "onOut"]);
  assert.deepEqual(events[1][1], { action: "out", uuid: undefined, user_id: 9, status: "hangup",
    callInfo: events[1][1].callInfo, type: "video" });
  assert.deepEqual(takePublished(), [["ping", { status: "ping" }]]);
  assert.equal(video.isInCall(), true);
  fromPeer("accept", { status: "start_accept", type: "video" }, 9);
  assert.deepEqual(takeSeen().map(([name, event]) => [name, event.user_id]), [["onIn", 9]]);
});

test("hangup says out, ends the SIP session, unregisters, frees the camera and reports onCallEnd once", async () => {
  const { userAgent, session } = await dialled();
  assert.equal(video.hangup(), true);
  assert.deepEqual(takePublished(), [["out", { status: "hangup", callKey: "key-1" }]]);
  assert.equal(session.isEnded(), true);
  assert.equal(userAgent.stopped, true);
  assert.equal(localStream.tracks[0].stopped, true);
  const ended = takeSeen();
  assert.deepEqual(ended.map(([name, event]) => [name, event.action, event.status, event.time]), [["onCallEnd", "out", "hangup", 0]]);
  assert.equal(ended[0][1].callInfo.sys.callKey, "key-1");
  assert.equal(video.isInCall(), false);
  await settle();
  assert.doesNotMatch(lastSubscription(), /web_syscall/);

  fromPeer("ping", { status: "ping" });
  assert.deepEqual(takePublished(), [], "nothing of the call is left listening");
  assert.equal(video.hangup(), false);
  assert.equal(video.acceptCall({ type: "audio" }), false);
});

test("busy refuses the pending invitation without onCallEnd and forgets it", async () => {
  invite();
  await settle();
  takePublished();
  takeSeen();
  assert.equal(video.busy(), true);
  assert.deepEqual(takePublished(), [["out", { status: "busy", callKey: "key-1" }]]);
  assert.deepEqual(takeSeen(), []);
  await settle();
  assert.doesNotMatch(lastSubscription(), /web_syscall/);
  assert.equal(video.busy(), false);
  assert.equal(video.acceptCall({ type: "audio" }), false);
});

test("a registration failure ends the call with status registration-failure and the SIP cause", async () => {
  invite();
  video.acceptCall({ type: "audio" });
  await settle();
  takePublished();
  takeSeen();
  assert.deepEqual(media, [{ audio: true, video: false }]);
  const userAgent = JsSIP.userAgents[0];
  userAgent.emit("registrationFailed", { cause: "Authentication Error" });
  assert.deepEqual(takeSeen().map(([name, event]) => [name, event.status, event.cause]),
    [["onCallEnd", "registration-failure", "Authentication Error"]]);
  assert.deepEqual(takePublished(), [["out", { status: "hangup", callKey: "key-1" }]]);
  assert.equal(userAgent.stopped, true);
  assert.equal(userAgent.calls.length, 0);
  assert.equal(video.isInCall(), false);
});

test("a user agent JsSIP refuses to configure ends the call as a registration failure", async () => {
  invite({ serverName: "bad host" });
  video.acceptCall({ type: "audio" });
  await settle();
  assert.deepEqual(takeSeen().slice(1).map(([name, event]) => [name, event.status]), [["onCallEnd", "registration-failure"]]);
  assert.equal(video.isInCall(), false);
});

test("hanging up while the browser asks for the camera leaves nothing behind", async () => {
  invite();
  video.acceptCall({ type: "video" });
  video.hangup();
  await settle();
  assert.equal(JsSIP.userAgents.length, 0);
  assert.equal(localStream.tracks[0].stopped, true);
  assert.deepEqual(takePublished().map(([event]) => event), ["ping", "pong", "out"]);
  assert.deepEqual(takeSeen().map(([name, event]) => [name, event.status]), [["onCall", undefined], ["onCallEnd", "hangup"]]);
});

test("a SIP socket lost before registering ends the call instead of waiting forever", async () => {
  invite();
  video.acceptCall({ type: "video" });
  await settle();
  takeSeen();
  JsSIP.userAgents[0].emit("disconnected", {});
  assert.deepEqual(takeSeen().map(([name, event]) => [name, event.status, event.cause]),
    [["onCallEnd", "registration-failure", "connection"]]);
});

test("a session ended by FreeSWITCH (kick) ends the call and frees it for the next", async () => {
  const { userAgent, session } = await dialled();
  session.endedByRemote("BYE");
  assert.deepEqual(takeSeen().map(([name, event]) => [name, event.status, event.cause]), [["onCallEnd", "terminated", "BYE"]]);
  assert.deepEqual(takePublished(), [["out", { status: "hangup", callKey: "key-1" }]]);
  assert.equal(userAgent.stopped, true);
  assert.equal(video.isInCall(), false);
  invite({ callKey: "key-2" });
  assert.equal(video.acceptCall({ type: "audio" }), true);
});

test("no camera or microphone: onCallEnd with status no-media-stream, no SIP", async () => {
  setNavigator(async () => {
    throw Object.assign(new Error("denied"), { name: "NotAllowedError" });
  });
  invite();
  video.acceptCall({ type: "video" });
  await settle();
  assert.deepEqual(takeSeen().slice(1).map(([name, event]) => [name, event.status, event.cause]),
    [["onCallEnd", "no-media-stream", "NotAllowedError"]]);
  assert.equal(JsSIP.userAgents.length, 0);
  assert.equal(video.isInCall(), false);
});

test("type none asks for no media and dials receive-only; custom_stream is sent as it is", async () => {
  const { userAgent } = await dialled({ type: "none" });
  assert.deepEqual(media, []);
  assert.deepEqual(userAgent.calls[0].options.mediaConstraints, { audio: false, video: false });
  assert.equal(userAgent.calls[0].options.mediaStream, undefined);
  video.hangup();

  const custom = fakeStream();
  invite({ callKey: "key-2" });
  video.acceptCall({ type: "video", custom_stream: custom });
  await settle();
  JsSIP.userAgents[1].emit("registered", {});
  assert.equal(JsSIP.userAgents[1].calls[0].options.mediaStream, custom);
  video.hangup();
  assert.equal(custom.tracks[0].stopped, false, "the page's stream stays the page's");
});

test("in a dialog only an out with the invitation's callKey ends the call, with the other side's status", async () => {
  await dialled({ type: "audio" }, { conference: false });
  fromPeer("out", { status: "busy", callKey: "an older call" });
  assert.deepEqual(takeSeen(), []);
  fromPeer("out", { status: "busy", callKey: "key-1" });
  assert.deepEqual(takeSeen().map(([name, event]) => [name, event.status, event.time]), [["onCallEnd", "busy", 0]]);
  assert.equal(video.isInCall(), false);
});

test("the same user accepting on another device ends this one silently with status cancel", async () => {
  invite();
  await settle();
  takePublished();
  takeSeen();
  fromPeer("accept", { status: "start_accept", type: "video" }, OWN_USER);
  assert.deepEqual(takeSeen().map(([name, event]) => [name, event.status]), [["onCallEnd", "cancel"]]);
  assert.deepEqual(takePublished(), []);
  assert.equal(video.acceptCall({ type: "video" }), false);
});

test("a repeated invitation to the active conference is answered with accept and pong, not onCall", async () => {
  await dialled();
  invite({ callKey: "key-2" });
  assert.deepEqual(takeSeen(), []);
  assert.deepEqual(takePublished(), [["accept", { status: "start_accept", type: "video" }], ["pong", { status: "pong" }]]);
});

test("mute and hold: JsSIP session state, toggleMute signalled, the other side's toggleMute reaches onToggleMute", async () => {
  assert.equal(video.isMute(), undefined);
  assert.equal(video.toggleMute(), undefined);
  const { session } = await dialled();
  assert.equal(video.toggleMute(), true);
  assert.deepEqual(session.isMuted(), { audio: true, video: true });
  assert.equal(video.toggleMute(), false);
  assert.deepEqual(video.isMute(), { audio: false, video: false });
  assert.equal(video.muteAudio(true), true);
  assert.deepEqual(session.isMuted(), { audio: true, video: false });
  assert.equal(video.muteVideo(true), true);
  assert.equal(video.muteAudio(false), true);
  assert.deepEqual(session.isMuted(), { audio: false, video: true });
  assert.deepEqual(takePublished().map(([event, message]) => [event, message.isMute]),
    [["toggleMute", true], ["toggleMute", false], ["toggleMute", true], ["toggleMute", true], ["toggleMute", false]]);
  assert.equal(video.toggleHold(), true);
  assert.equal(session.held, true);
  assert.equal(video.toggleHold(), false);
  assert.equal(session.held, false);

  fromPeer("toggleMute", { isMute: true });
  assert.deepEqual(takeSeen().map(([name, event]) => [name, event.action, event.isMute, event.user_id]),
    [["onToggleMute", "toggleMute", true, PEER]]);
});

test("stream mode: no ping, and the call starts with this browser's media alone", async () => {
  invite({ stream: 1 });
  assert.deepEqual(takePublished(), []);
  video.acceptCall({ type: "video" });
  await settle();
  JsSIP.userAgents[0].emit("registered", {});
  takePublished();
  takeSeen();
  JsSIP.userAgents[0].calls[0].session.remoteTrack(fakeStream());
  assert.deepEqual(takeSeen().map(([name]) => name), ["onCallStart"]);
  video.hangup();
  assert.deepEqual(takePublished().map(([event]) => event), ["mediaStart", "out"]);
});

test("toggleHold events reach onToggleHold, also under CppComet's option name toggleHold", async () => {
  const held = [];
  video.start({ toggleHold: (event) => held.push([event.action, event.isHold, event.user_id]) });
  await dialled();
  fromPeer("toggleHold", { isHold: true });
  assert.deepEqual(held, [["toggleHold", true, PEER]]);
});

test("a throwing page callback does not stop the call", async () => {
  video.start({ onCall: () => { throw new Error("page bug"); } });
  invite();
  assert.equal(video.acceptCall({ type: "audio" }), true);
});

test("JsSIP 2 (CppComet's 2.0.6): the same sockets, remote media from the session's addstream", async () => {
  JsSIP = fakeJsSIP(2);
  video.options.JsSIP = JsSIP;
  const remote = {};
  const { userAgent, session } = await dialled({ type: "video", video_remote: remote }, { stream: 1 });
  assert.deepEqual(userAgent.configuration.sockets.map((s) => s.url), ["wss://fs.example.com:7443"]);
  assert.equal(userAgent.configuration.ws_servers, undefined);
  const remoteStream = fakeStream();
  session.remoteTrack(remoteStream);
  assert.deepEqual(takeSeen().map(([name]) => name), ["onCallStart"]);
  assert.equal(remote.srcObject, remoteStream);
});

test("JsSIP before 2.0.1, without WebSocketInterface: the socket goes in ws_servers", async () => {
  JsSIP = fakeJsSIP(1);
  video.options.JsSIP = JsSIP;
  const { userAgent } = await dialled();
  assert.equal(userAgent.configuration.ws_servers, "wss://fs.example.com:7443");
  assert.equal(userAgent.configuration.sockets, undefined);
  assert.equal(userAgent.calls.length, 1);
});

test("acceptCall needs JsSIP: the option or window.JsSIP", async () => {
  const bare = new CometVideoApi(comet);
  bare.start({});
  await settle();
  invite();
  assert.equal(bare.acceptCall({ type: "audio" }), false);
  globalThis.JsSIP = JsSIP;
  try {
    assert.equal(bare.acceptCall({ type: "audio" }), true);
  } finally {
    delete globalThis.JsSIP;
  }
});

test("setBandwidth and the SDP it produces", () => {
  assert.deepEqual(video.setBandwidth(), { video: 256, audio: 32 });
  assert.deepEqual(video.setBandwidth({ video: 512 }), { video: 512, audio: 32 });
  const sdp = "v=0\r\nb=AS:1000\r\nm=audio 9 RTP/AVP 0\r\nm=video 9 RTP/AVP 96\r\nb=AS:30\r\nb=TIAS:1\r\n";
  assert.equal(limitBandwidth(sdp, { video: 100, audio: 0 }),
    "v=0\r\nb=AS:1000\r\nm=audio 9 RTP/AVP 0\r\nm=video 9 RTP/AVP 96\r\nb=AS:100\r\nb=TIAS:1\r\n");
  assert.equal(limitBandwidth("m=audio 9 RTP/AVP 0\r\nc=IN IP4 0.0.0.0\r\n", { video: 0, audio: 24 }),
    "m=audio 9 RTP/AVP 0\r\nc=IN IP4 0.0.0.0\r\nb=AS:24\r\n");
});

test("the SIP user name is dev_id padded to 6 digits followed by user_id", () => {
  assert.equal(sipUserName(0, 12), "00000012");
  assert.equal(sipUserName("15", 7), "0000157");
  assert.equal(sipUserName(1234567, 1), "12345671");
});

test("both builds carry cometVideoApi on the page's cometApi", async () => {
  const outputs = buildOutputs();
  const page = { console, setTimeout, clearTimeout, queueMicrotask, Uint32Array, crypto: globalThis.crypto };
  vm.createContext(page);
  vm.runInContext(outputs["comet-client.js"], page, { filename: "comet-client.js" });
  for (const name of ["start", "acceptCall", "hangup", "busy", "toggleMute", "muteAudio", "muteVideo", "isMute",
    "toggleHold", "setBandwidth", "isInCall", "fullScreen", "isFullScreenSupport"]) {
    assert.equal(typeof page.cometVideoApi[name], "function", name);
  }
  assert.equal(page.cometVideoApi.comet, page.cometApi);
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const module = await import(pathToFileURL(join(root, "dist/comet-client.mjs")).href);
  assert.equal(module.cometVideoApi.comet, module.cometApi);
  assert.ok(module.cometVideoApi instanceof module.CometVideoApi);
  assert.match(outputs["comet-client.d.ts"], /export declare const cometVideoApi: CometVideoApi;/);
  assert.match(outputs["comet-client.d.ts"], /var cometVideoApi: CometVideoApi;/);
});

/** A fetch stand-in answering POST /conference/guest with `status` and `body`; records the requests. */
function guestServer(status, body) {
  const requests = [];
  globalThis.fetch = async (url, init) => {
    requests.push({ url, method: init.method, headers: init.headers });
    return { ok: status >= 200 && status < 300, status, json: async () => body };
  };
  return requests;
}

const GUEST_JOIN = {
  devId: 3, userId: 1000000007, sipUser: "0000031000000007", sipPassword: "fresh-secret", displayName: "Ann",
  expires: 1700000600, callPipe: CALL_PIPE, conference: "true", conference_name: "101", mode: "video",
  serverName: "fs.example.com", serverPort: 7443, sipNumber: "3*101*video",
};

test("joinAsGuest redeems the pass at the comet node and dials the room with the guest's SIP account", async () => {
  const requests = guestServer(200, GUEST_JOIN);
  socket.sent.length = 0;
  const remote = {};
  const join = await video.joinAsGuest({ token: "tok-123", profile: "video", type: "video", video_remote: remote });
  assert.deepEqual(requests, [{ url: "http://h:1/conference/guest", method: "POST",
    headers: { "X-Comet-Guest-Token": "tok-123", "X-Comet-Guest-Profile": "video" } }]);
  assert.equal(join.userId, 1000000007);
  assert.equal(join.sipPassword, undefined, "the SIP password stays inside the client");
  await settle();
  assert.equal(video.isInCall(), true);
  const userAgent = JsSIP.userAgents[0];
  assert.equal(userAgent.configuration.authorization_user, "0000031000000007");
  assert.equal(userAgent.configuration.password, "fresh-secret");
  assert.equal(userAgent.configuration.uri, "sip:0000031000000007@fs.example.com");
  userAgent.emit("registered", {});
  assert.equal(userAgent.calls[0].target, "sip:3*101*video@fs.example.com");
  // no comet login: nothing goes over the comet connection, and the room's stream alone starts the call
  userAgent.calls[0].session.remoteTrack(fakeStream());
  assert.deepEqual(takeSeen().map(([name]) => name), ["onCallStart"]);
  assert.deepEqual(socket.sent, []);
  video.hangup();
  assert.equal(video.isInCall(), false);
  delete globalThis.fetch;
});

test("joinAsGuest rejects a used or expired pass with the server's answer and dials nothing", async () => {
  guestServer(404, { error: "The guest pass is unknown, used or expired" });
  await assert.rejects(video.joinAsGuest({ token: "used", server: "https://comet.example.com/" }),
    (error) => error.status === 404 && error.message === "The guest pass is unknown, used or expired");
  assert.equal(JsSIP.userAgents.length, 0);
  assert.equal(video.isInCall(), false);
  await assert.rejects(video.joinAsGuest({}), /token is missing/);
  delete globalThis.fetch;
  await assert.rejects(video.joinAsGuest({ token: "t" }), /fetch is missing/);
});

test("callParticipant sends call_participant with the room; the room's notices reach onCallParticipant", async () => {
  assert.equal(video.callParticipant("+4930123"), false, "no invitation yet");
  await dialled();
  socket.sent.length = 0;
  assert.equal(video.callParticipant("+4930123"), true);
  assert.deepEqual(socket.sent, ["call_participant\n" + JSON.stringify({ room: "101", number: "+4930123" })]);
  // the server's notices on the callPipe: user 0 is the server
  fromPeer("CALL_PARTICIPANT", { type: "CALL_PARTICIPANT", number: "+4930123", user_id: OWN_USER }, 0);
  fromPeer("CALL_PARTICIPANT_FAILED", { type: "CALL_PARTICIPANT_FAILED", number: "+4930123", user_id: OWN_USER,
    cause: "USER_BUSY" }, 0);
  const events = takeSeen();
  assert.deepEqual(events.map(([name, event]) => [name, event.type, event.number, event.user_id, event.cause]), [
    ["onCallParticipant", "CALL_PARTICIPANT", "+4930123", OWN_USER, undefined],
    ["onCallParticipant", "CALL_PARTICIPANT_FAILED", "+4930123", OWN_USER, "USER_BUSY"]]);
  assert.equal(events[0][1].callInfo.sys.conference_name, "101");
});

test("a refused callParticipant reaches onCallParticipantError; other errors do not", async () => {
  await dialled();
  video.callParticipant("+4930123");
  socket.serverSend(JSON.stringify({ data: { error: "The room does not allow calling participants", number: "+4930123",
    room: "101" }, event: "error", message_send_time: 1, pipe: "sys" }));
  socket.serverSend(JSON.stringify({ data: { error: "Unknown command" }, event: "error", message_send_time: 1,
    pipe: "sys" }));
  assert.deepEqual(takeSeen(), [["onCallParticipantError", { room: "101", number: "+4930123",
    error: "The room does not allow calling participants" }]]);
});

test("accepting a conference asks for its member list once; the answer reaches onMembers, notices onMember", async () => {
  invite();
  await settle();
  socket.sent.length = 0;
  assert.equal(video.acceptCall({ type: "video" }), true);
  assert.ok(socket.sent.includes("conference_members\n" + JSON.stringify({ room: "101" })), socket.sent.join(" | "));
  await settle();
  takeSeen();
  const phone = { user_id: 7, member_id: 3, kind: "phone", number: "+4930123", muted: false, deaf: false,
    talking: false, video: false, vmuted: false, node: "fs:7443" };
  socket.serverSend(JSON.stringify({ data: { members: [phone], room: "other" }, event: "conference_members",
    message_send_time: 1, pipe: "sys" }));
  socket.serverSend(JSON.stringify({ data: { members: [phone], room: "101" }, event: "conference_members",
    message_send_time: 1, pipe: "sys" }));
  fromPeer("talking", Object.assign({}, phone, { talking: true }), 0);
  const events = takeSeen();
  assert.deepEqual(events.map(([name]) => name), ["onMembers", "onMember"]);
  assert.deepEqual(events[0][1].members, [phone]);
  assert.equal(events[1][1].event, "talking");
  assert.equal(events[1][1].member.talking, true);
});

test("a conference leg failing ICE is restarted once with a re-INVITE, then reported to the room", async () => {
  const { session } = await dialled();
  socket.sent.length = 0;
  session.iceState("checking");
  session.iceState("failed");
  assert.deepEqual(session.renegotiations, [{ rtcOfferConstraints: { iceRestart: true } }]);
  assert.deepEqual(socket.sent.filter((text) => text.startsWith("conference_ice_failed")), []);
  session.iceState("failed");
  session.iceState("failed");
  assert.equal(session.renegotiations.length, 1, "restarted once");
  assert.deepEqual(socket.sent.filter((text) => text.startsWith("conference_ice_failed")),
    ["conference_ice_failed\n" + JSON.stringify({ room: "101" })], "reported once");
  fromPeer("ICE_FAILED", { type: "ICE_FAILED", user_id: OWN_USER }, 0);
  assert.deepEqual(takeSeen().map(([name, event]) => [name, event.type, event.user_id]),
    [["onCallParticipant", "ICE_FAILED", OWN_USER]]);
});
