// cometCalls (P2P calls, docs/CALLS.md) with fake WebSockets playing the comet server and fake WebRTC objects
// (test/FakeWebRTC.mjs) playing the browser's media and network.

import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { afterEach, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";
import { buildOutputs } from "../build.mjs";
import { CometServerApi } from "../src/compat/CometServerApi.js";
import { CometCalls } from "../src/calls/CometCalls.js";
import { SessionConnectionState, SessionState } from "../src/calls/callConstants.js";
import { fakeWebSocketClass, settle } from "./FakeWebSocket.mjs";
import { candidate, fakeWebRTC } from "./FakeWebRTC.mjs";

const LISTENERS = ["onCallListener", "onAcceptCallListener", "onRejectCallListener", "onStopCallListener",
  "onUserNotAnswerListener", "onRemoteStreamListener", "onUpdateCallListener",
  "onSessionConnectionStateChangedListener", "onSessionCloseListener"];
const SESSION = "0b6b4b5e-7c1a-4d2e-9f00-5a5a5a5a5a5a";

let browsers = [];

afterEach(() => {
  browsers.forEach((b) => b.comet.stop());
  browsers = [];
});

/** One page of `userId`: its comet connection (greeted, authorized), cometCalls on it, fakes and recorded events. */
function browser(userId, { webrtc = true, devices = [] } = {}) {
  const WS = fakeWebSocketClass();
  const comet = new CometServerApi();
  comet.setLogLevel(0);
  comet.start({ node: "h:1", dev_id: 3, user_id: userId, user_key: "k", WebSocket: WS });
  const socket = WS.last();
  socket.serverGreet(true, "hash");
  const calls = new CometCalls(comet);
  const rtc = fakeWebRTC({ devices });
  calls.config({ iceServers: [], dialingInterval: 0, mediaDevices: rtc.mediaDevices, MediaStream: rtc.MediaStream,
    RTCPeerConnection: webrtc ? rtc.RTCPeerConnection : undefined });
  const events = [];
  for (const name of LISTENERS) {
    calls[name] = (...args) => events.push([name, ...args]);
  }
  const page = { userId, comet, socket, calls, rtc, events };
  browsers.push(page);
  return page;
}

/** The call_signal commands the page sent since the last look, parsed. */
function takeSignals(page) {
  const signals = page.socket.sent.filter((text) => text.startsWith("call_signal\n"))
    .map((text) => JSON.parse(text.substring("call_signal\n".length)));
  page.socket.sent.length = 0;
  return signals;
}

function takeEvents(page) {
  return page.events.splice(0, page.events.length);
}

/** The server delivers a signal on pipe _calls, as docs/CALLS.md shows it. */
function deliver(page, data) {
  page.socket.serverSend(JSON.stringify({ data, event: data.signalType, message_send_time: 1700000000, pipe: "_calls" }));
}

/** Lets promise chains, setImmediate deliveries and 0 ms timers (candidate batches) run. */
async function flush() {
  for (let i = 0; i < 3; i++) {
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 2));
    await settle();
  }
}

function names(events) {
  return events.map((event) => event[0]);
}

/** An incoming 1:1 video call from user 1 to the page's user. */
function ring(page, extra = {}) {
  deliver(page, Object.assign({ callType: 1, callerID: 1, from: 1, opponentsIDs: [page.userId], platform: "web",
    sdp: "offer of the caller", sessionID: SESSION, signalType: "call", userInfo: { name: "Ann" } }, extra));
}

/**
 * A comet server in miniature that routes call_signal commands between pages as docs/CALLS.md says: `from` and
 * `callerID` set by the server, ringing users reached on every connection, an answering connection bound, `accept`
 * and `reject` also sent to the sender's other connections, `to` left out = every other participant, mesh offers
 * only from a callee that accepted.
 */
function relay(pages) {
  const sessions = new Map();
  const post = (page, data) => setImmediate(() => deliver(page, data));
  for (const sender of pages) {
    const send = sender.socket.send.bind(sender.socket);
    sender.socket.send = (text) => {
      send(text);
      if (!text.startsWith("call_signal\n")) {
        return;
      }
      const signal = JSON.parse(text.substring("call_signal\n".length));
      let session = sessions.get(signal.sessionID);
      if (!session) {
        assert.equal(signal.signalType, "call", "a new session starts with call");
        session = { caller: sender.userId, callerPage: sender, users: [sender.userId, ...signal.opponentsIDs], bound: new Map() };
        sessions.set(signal.sessionID, session);
      }
      if (signal.signalType === "call" && sender.userId !== session.caller) {
        assert.ok(session.bound.get(sender.userId) === sender, "a callee offers to others only once it accepted");
      }
      const data = Object.assign({}, signal, { from: sender.userId, callerID: session.caller });
      delete data.to;
      const reach = (userId) => (userId === session.caller ? [session.callerPage]
        : session.bound.has(userId) ? [session.bound.get(userId)] : pages.filter((page) => page.userId === userId));
      const targets = signal.to !== undefined ? [signal.to] : session.users.filter((userId) => userId !== sender.userId);
      targets.forEach((userId) => reach(userId).forEach((page) => post(page, data)));
      if (signal.signalType === "accept" || signal.signalType === "reject") {
        pages.filter((page) => page.userId === sender.userId && page !== sender).forEach((page) => post(page, data));
      }
      if (signal.signalType === "accept" && sender.userId !== session.caller && !session.bound.has(sender.userId)) {
        session.bound.set(sender.userId, sender);
      }
    };
  }
}

test("call sends one call_signal per opponent as docs/CALLS.md describes; candidates of one task go in one signal", async () => {
  const caller = browser(1);
  const session = caller.calls.createSession([2], 1);
  assert.match(session.ID, /^[A-Za-z0-9_.:-]{1,64}$/);
  assert.equal(session.initiatorID, 1);
  assert.deepEqual(session.opponentsIDs, [2]);
  assert.equal(session.callType, 1);
  assert.equal(session.state, SessionState.NEW);
  const stream = await session.getUserMedia({ audio: true, video: true });
  assert.equal(session.localStream, stream);
  assert.deepEqual(caller.rtc.mediaDevices.requests, [{ audio: true, video: true }]);
  assert.equal(await session.call({ name: "Ann" }), true);
  assert.equal(session.state, SessionState.ACTIVE);

  const pc = caller.rtc.RTCPeerConnection.instances[0];
  assert.deepEqual(pc.configuration, { iceServers: [] });
  assert.deepEqual(pc.senders.map((sender) => sender.track.kind), ["audio", "video"]);
  assert.deepEqual(takeSignals(caller), [{
    sessionID: session.ID, platform: "web", signalType: "call", to: 2, callType: 1, opponentsIDs: [2],
    sdp: "offer of pc0 #1", userInfo: { name: "Ann" },
  }]);

  pc.gather(candidate(1), candidate(2), null);
  await flush();
  pc.gather(candidate(3));
  await flush();
  assert.deepEqual(takeSignals(caller), [
    { sessionID: session.ID, platform: "web", signalType: "iceCandidates", to: 2, iceCandidates: [candidate(1), candidate(2)] },
    { sessionID: session.ID, platform: "web", signalType: "iceCandidates", to: 2, iceCandidates: [candidate(3)] },
  ]);
});

test("an incoming call rings (onCallListener with the session's fields); accept answers after the held candidates", async () => {
  const callee = browser(2);
  ring(callee);
  deliver(callee, { from: 1, callerID: 1, sessionID: SESSION, signalType: "iceCandidates", iceCandidates: [candidate(7)] });
  const [[name, session, extension]] = takeEvents(callee);
  assert.equal(name, "onCallListener");
  assert.deepEqual(extension, { name: "Ann" });
  assert.equal(session.ID, SESSION);
  assert.equal(session.initiatorID, 1);
  assert.deepEqual(session.opponentsIDs, [2]);
  assert.equal(session.callType, 1);
  assert.equal(session.state, SessionState.NEW);
  assert.equal(callee.calls.getSession(SESSION), session);
  assert.equal(callee.rtc.RTCPeerConnection.instances.length, 0, "no connection while ringing");

  await session.getUserMedia({ audio: true, video: true });
  assert.equal(await session.accept({ answered: "yes" }), true);
  assert.equal(session.state, SessionState.ACTIVE);
  const pc = session.getPeerConnection(1);
  assert.deepEqual(pc.remoteDescriptions, [{ type: "offer", sdp: "offer of the caller" }]);
  assert.deepEqual(takeSignals(callee), [{ sessionID: SESSION, platform: "web", signalType: "accept", to: 1,
    sdp: "answer of pc0", userInfo: { answered: "yes" } }]);
  await flush();
  assert.deepEqual(pc.addedCandidates, [candidate(7)]);
  deliver(callee, { from: 1, callerID: 1, sessionID: SESSION, signalType: "iceCandidates", iceCandidates: [candidate(8)] });
  await flush();
  assert.deepEqual(pc.addedCandidates, [candidate(7), candidate(8)]);

  const remote = new callee.rtc.MediaStream([new callee.rtc.Track("video")]);
  pc.remoteTrack(remote);
  pc.remoteTrack(remote); // its second track: announced once
  pc.setIceState("checking");
  pc.setIceState("connected");
  assert.deepEqual(takeEvents(callee), [
    ["onRemoteStreamListener", session, 1, remote],
    ["onSessionConnectionStateChangedListener", session, 1, SessionConnectionState.CONNECTING],
    ["onSessionConnectionStateChangedListener", session, 1, SessionConnectionState.CONNECTED],
  ]);
  assert.equal(session.getRemoteStream(1), remote);
});

test("the caller takes the accept, updates go both ways, stop hangs up for everyone and releases everything", async () => {
  const caller = browser(1);
  const session = caller.calls.createSession([2], 1);
  const stream = await session.getUserMedia();
  await session.call();
  takeSignals(caller);
  const pc = session.getPeerConnection(2);
  deliver(caller, { from: 2, callerID: 1, sessionID: session.ID, signalType: "iceCandidates", iceCandidates: [candidate(5)] });
  deliver(caller, { from: 2, callerID: 1, sessionID: session.ID, signalType: "accept", sdp: "answer of 2",
    platform: "web", userInfo: { mood: "ok" } });
  await flush();
  assert.deepEqual(pc.remoteDescriptions, [{ type: "answer", sdp: "answer of 2" }]);
  assert.deepEqual(pc.addedCandidates, [candidate(5)], "held until the answer was set");
  deliver(caller, { from: 2, callerID: 1, sessionID: session.ID, signalType: "update", userInfo: { camera: "off" },
    custom: 1 });
  assert.deepEqual(takeEvents(caller), [
    ["onAcceptCallListener", session, 2, { mood: "ok" }],
    ["onUpdateCallListener", session, 2, { camera: "off", custom: 1 }],
  ]);
  assert.equal(session.update({ volume: 3 }), true);
  assert.deepEqual(takeSignals(caller), [{ sessionID: session.ID, platform: "web", signalType: "update", to: 2,
    userInfo: { volume: 3 } }]);

  assert.equal(session.stop({ bye: true }), true);
  assert.deepEqual(takeSignals(caller), [{ sessionID: session.ID, platform: "web", signalType: "hangUp",
    userInfo: { bye: true } }]);
  assert.equal(pc.closed, true);
  assert.ok(stream.getTracks().every((track) => track.readyState === "ended"), "the camera is released");
  assert.equal(session.state, SessionState.CLOSED);
  assert.deepEqual(takeEvents(caller), [["onSessionCloseListener", session]]);
  assert.equal(caller.calls.getSession(session.ID), undefined);
  assert.equal(session.stop(), false);
});

test("dialing: the call goes again to opponents still ringing, with the local SDP as gathered, until they answer", async () => {
  const caller = browser(1);
  caller.calls.config({ dialingInterval: 15 });
  const session = caller.calls.createSession([2, 3], 1);
  await session.call({ name: "Ann" });
  takeSignals(caller);
  const toThree = session.getPeerConnection(3);
  toThree.localDescription = { type: "offer", sdp: "offer with candidates" };
  deliver(caller, { from: 2, callerID: 1, sessionID: session.ID, signalType: "accept", sdp: "answer of 2" });
  await new Promise((resolve) => setTimeout(resolve, 40));
  const repeats = takeSignals(caller);
  assert.ok(repeats.length >= 1, "repeated");
  for (const signal of repeats) {
    assert.deepEqual(signal, { sessionID: session.ID, platform: "web", signalType: "call", to: 3, callType: 1,
      opponentsIDs: [2, 3], sdp: "offer with candidates", userInfo: { name: "Ann" } });
  }
  deliver(caller, { from: 0, callerID: 1, sessionID: session.ID, signalType: "notAnswer", userId: 3 });
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.deepEqual(takeSignals(caller), [], "nobody rings any more");
  assert.equal(session.dialTimer, null);
  session.stop();
});

test("the callee gets onStopCallListener when the caller hangs up", async () => {
  const callee = browser(2);
  ring(callee);
  const session = takeEvents(callee)[0][1];
  await session.accept();
  takeSignals(callee);
  session.getPeerConnection(1).setIceState("connected");
  takeEvents(callee);
  deliver(callee, { from: 1, callerID: 1, sessionID: SESSION, signalType: "hangUp", userInfo: { why: "done" } });
  assert.deepEqual(takeEvents(callee), [
    ["onStopCallListener", session, 1, { why: "done" }],
    ["onSessionConnectionStateChangedListener", session, 1, SessionConnectionState.CLOSED],
    ["onSessionCloseListener", session],
  ]);
  assert.deepEqual(takeSignals(callee), []);
});

test("reject: the callee sends it to every participant; the caller hears onRejectCallListener and the session closes", async () => {
  const callee = browser(2);
  ring(callee);
  const session = takeEvents(callee)[0][1];
  assert.equal(session.reject({ busy: true }), true);
  assert.deepEqual(takeSignals(callee), [{ sessionID: SESSION, platform: "web", signalType: "reject",
    userInfo: { busy: true } }]);
  assert.equal(session.state, SessionState.CLOSED);
  assert.deepEqual(takeEvents(callee), [["onSessionCloseListener", session]]);
  ring(callee); // a late copy does not ring again
  assert.deepEqual(takeEvents(callee), []);

  const caller = browser(1);
  const outgoing = caller.calls.createSession([2], 2);
  await outgoing.call();
  assert.deepEqual(outgoing.getPeerConnection(2).transceivers, [{ kind: "audio", direction: "recvonly" }],
    "without local media an audio call still receives");
  deliver(caller, { from: 2, callerID: 1, sessionID: outgoing.ID, signalType: "reject", userInfo: { busy: true } });
  assert.deepEqual(takeEvents(caller), [["onRejectCallListener", outgoing, 2, { busy: true }],
    ["onSessionCloseListener", outgoing]]);
  assert.equal(outgoing.getPeerConnection(2), null, "closed");
});

test("a browser without RTCPeerConnection rejects with userInfo {not_supported: 1} and does not ring", () => {
  const callee = browser(2, { webrtc: false });
  assert.equal(callee.calls.isSupported(), false);
  ring(callee);
  assert.deepEqual(takeEvents(callee), []);
  assert.deepEqual(takeSignals(callee), [{ signalType: "reject", sessionID: SESSION, platform: "web",
    userInfo: { not_supported: 1 } }]);
  assert.throws(() => callee.calls.createSession([1], 1), /RTCPeerConnection/);
});

test("accepted or rejected on another device of the same user: it stops ringing here (reason)", () => {
  for (const [signalType, reason] of [["accept", "accepted_elsewhere"], ["reject", "rejected_elsewhere"]]) {
    const device = browser(2);
    ring(device);
    const session = takeEvents(device)[0][1];
    deliver(device, { from: 2, callerID: 1, sessionID: SESSION, signalType, sdp: "answer", userInfo: {} });
    assert.deepEqual(takeEvents(device), [["onStopCallListener", session, 2, { reason }], ["onSessionCloseListener", session]]);
    assert.deepEqual(takeSignals(device), []);
    deliver(device, { from: 1, callerID: 1, sessionID: SESSION, signalType: "iceCandidates", iceCandidates: [candidate(1)] });
    ring(device);
    assert.deepEqual(takeEvents(device), [], "the session's later signals are ignored");
  }
});

test("notAnswer from the server: onUserNotAnswerListener; a group call goes on with the others", async () => {
  const caller = browser(1);
  const session = caller.calls.createSession([2, 3], 1);
  await session.call();
  takeSignals(caller);
  deliver(caller, { from: 0, sessionID: session.ID, signalType: "notAnswer", userId: 3, reason: "not_answered" });
  assert.deepEqual(takeEvents(caller), [["onUserNotAnswerListener", session, 3]]);
  assert.equal(session.getPeerConnection(3), null);
  assert.equal(session.state, SessionState.ACTIVE);
  deliver(caller, { from: 0, sessionID: session.ID, signalType: "notAnswer", userId: 2, reason: "not_answered" });
  assert.deepEqual(takeEvents(caller), [["onUserNotAnswerListener", session, 2], ["onSessionCloseListener", session]]);
});

test("hangUp reasons from the server reach onStopCallListener's extension", async () => {
  const ringing = browser(2);
  ring(ringing);
  const session = takeEvents(ringing)[0][1];
  // the server names the user whose part ended: here the recipient itself
  deliver(ringing, { from: 0, callerID: 1, sessionID: SESSION, signalType: "hangUp", reason: "not_answered", userId: 2 });
  assert.deepEqual(takeEvents(ringing), [["onStopCallListener", session, 1, { reason: "not_answered" }],
    ["onSessionCloseListener", session]]);

  const caller = browser(1);
  const group = caller.calls.createSession([2, 3], 1);
  await group.call();
  deliver(caller, { from: 0, callerID: 1, sessionID: group.ID, signalType: "hangUp", reason: "disconnected", userId: 3 });
  assert.deepEqual(takeEvents(caller), [["onStopCallListener", group, 3, { reason: "disconnected" }]]);
  deliver(caller, { from: 0, callerID: 1, sessionID: group.ID, signalType: "hangUp", reason: "server" });
  assert.deepEqual(takeEvents(caller), [["onStopCallListener", group, 2, { reason: "server" }],
    ["onSessionCloseListener", group]]);
});

test("losing the comet connection ends the calls here (reason connection_lost)", async () => {
  const caller = browser(1);
  const session = caller.calls.createSession([2], 1);
  await session.call();
  caller.socket.serverClose();
  assert.deepEqual(takeEvents(caller), [["onStopCallListener", session, 2, { reason: "connection_lost" }],
    ["onSessionCloseListener", session]]);
});

test("a failed connection restarts ICE: the offerer re-offers with iceRestart as an update, the other side answers", async () => {
  const caller = browser(1);
  const callee = browser(2);
  relay([caller, callee]);
  const session = caller.calls.createSession([2], 1);
  await session.call();
  await flush();
  const incoming = takeEvents(callee)[0][1];
  await incoming.accept();
  await flush();
  const callerPc = session.getPeerConnection(2);
  const calleePc = incoming.getPeerConnection(1);
  takeSignals(caller);
  takeSignals(callee);
  takeEvents(caller);

  calleePc.setIceState("failed");
  await flush();
  assert.deepEqual(takeSignals(callee), [], "only the offerer restarts");
  callerPc.setIceState("failed");
  await flush();
  assert.deepEqual(callerPc.offerOptions, [undefined, { iceRestart: true }]);
  assert.deepEqual(takeSignals(caller), [{ sessionID: session.ID, platform: "web", signalType: "update", to: 2,
    sdp: "offer of pc0 #2 ice-restart", sdpType: "offer", iceRestart: true }]);
  assert.deepEqual(takeSignals(callee), [{ sessionID: session.ID, platform: "web", signalType: "update", to: 1,
    sdp: "answer of pc0", sdpType: "answer", iceRestart: true }]);
  assert.deepEqual(calleePc.remoteDescriptions.map((d) => d.sdp), ["offer of pc0 #1", "offer of pc0 #2 ice-restart"]);
  assert.deepEqual(callerPc.remoteDescriptions.map((d) => d.sdp), ["answer of pc0", "answer of pc0"]);
  assert.deepEqual(names(takeEvents(caller)), ["onSessionConnectionStateChangedListener"]);
  assert.deepEqual(names(takeEvents(callee)).filter((name) => name === "onUpdateCallListener"), [],
    "ICE restarts are not the page's updates");
});

test("mesh: a 3-party call connects every pair once, the higher user id offering to the lower callee", async () => {
  const [one, two, three] = [browser(1), browser(2), browser(3)];
  relay([one, two, three]);
  const session = one.calls.createSession([2, 3], 1);
  await session.getUserMedia();
  await session.call({ room: "r" });
  await flush();
  const atTwo = takeEvents(two)[0][1];
  const atThree = takeEvents(three)[0][1];
  assert.deepEqual([atTwo.ID, atTwo.initiatorID, atTwo.opponentsIDs], [session.ID, 1, [2, 3]]);
  await atThree.getUserMedia();
  await atThree.accept(); // 3 accepts first and offers to 2, who still rings
  await flush();
  await atTwo.getUserMedia();
  await atTwo.accept();
  await flush();
  const sessions = { 1: session, 2: atTwo, 3: atThree };
  for (const [a, b] of [[1, 2], [1, 3], [2, 3]]) {
    const pcA = sessions[a].getPeerConnection(b);
    const pcB = sessions[b].getPeerConnection(a);
    assert.ok(pcA && pcB, a + "-" + b + " connected");
    const offerer = a === 1 ? pcA : pcB; // the caller, else the higher id
    const answerer = offerer === pcA ? pcB : pcA;
    assert.equal(answerer.remoteDescription.sdp, offerer.localDescription.sdp, a + "-" + b + " offer");
    assert.equal(offerer.remoteDescription.sdp, answerer.localDescription.sdp, a + "-" + b + " answer");
  }
  assert.equal(one.rtc.RTCPeerConnection.instances.length, 2);
  assert.equal(two.rtc.RTCPeerConnection.instances.length, 2);
  assert.equal(three.rtc.RTCPeerConnection.instances.length, 2);
  assert.deepEqual(takeEvents(one).filter((e) => e[0] === "onAcceptCallListener").map((e) => e[2]), [3, 2]);
  assert.deepEqual(takeEvents(three).filter((e) => e[0] === "onAcceptCallListener").map((e) => e[2]), [2]);

  session.stop();
  await flush();
  assert.deepEqual(names(takeEvents(two)), ["onStopCallListener"], "2 and 3 go on without the caller");
  assert.equal(atTwo.state, SessionState.ACTIVE);
  atThree.stop();
  await flush();
  assert.deepEqual(names(takeEvents(two)), ["onStopCallListener", "onSessionCloseListener"]);
});

test("a callee whose only other link is an unanswered mesh offer leaves when the caller hangs up", async () => {
  const [one, two, three] = [browser(1), browser(2), browser(3)];
  relay([one, two, three]);
  const session = one.calls.createSession([2, 3], 1);
  await session.call();
  await flush();
  const atThree = takeEvents(three)[0][1];
  await atThree.accept();
  await flush();
  assert.ok(atThree.getPeerConnection(2), "3 offered to 2, who still rings");
  session.stop();
  await flush();
  assert.deepEqual(takeEvents(three).filter((e) => e[0] !== "onSessionConnectionStateChangedListener"),
    [["onStopCallListener", atThree, 1, {}], ["onSessionCloseListener", atThree]]);
  assert.deepEqual(names(takeEvents(two)), ["onCallListener", "onStopCallListener", "onSessionCloseListener"]);
});

test("multi-device through the relay: both devices ring, one accepts, the other stops, the caller talks to the first", async () => {
  const caller = browser(1);
  const deviceA = browser(2);
  const deviceB = browser(2);
  relay([caller, deviceA, deviceB]);
  const session = caller.calls.createSession([2], 1);
  await session.call({ from: "Ann" });
  await flush();
  const [[, ringingA, extA]] = takeEvents(deviceA);
  const [[, ringingB]] = takeEvents(deviceB);
  assert.deepEqual(extA, { from: "Ann" });
  assert.equal(ringingA.ID, ringingB.ID);
  await ringingA.accept();
  await flush();
  assert.deepEqual(takeEvents(deviceB), [["onStopCallListener", ringingB, 2, { reason: "accepted_elsewhere" }],
    ["onSessionCloseListener", ringingB]]);
  assert.equal(deviceB.rtc.RTCPeerConnection.instances.length, 0);
  assert.equal(session.getPeerConnection(2).remoteDescription.sdp, ringingA.getPeerConnection(1).localDescription.sdp);
  session.getPeerConnection(2).gather(candidate(4));
  await flush();
  assert.deepEqual(ringingA.getPeerConnection(1).addedCandidates, [candidate(4)]);
});

test("mute, unmute, switchMediaTracks and getMediaDevices", async () => {
  const devices = [{ kind: "videoinput", deviceId: "cam2", label: "Camera 2" },
    { kind: "audioinput", deviceId: "mic", label: "Mic" }];
  const caller = browser(1, { devices });
  assert.deepEqual(await caller.calls.getMediaDevices("videoinput"), [devices[0]]);
  assert.deepEqual(await caller.calls.getMediaDevices(), devices);
  const session = caller.calls.createSession(2, 1);
  const stream = await session.getUserMedia();
  await session.call();
  assert.equal(session.mute("audio"), true);
  assert.deepEqual(stream.getTracks().map((t) => [t.kind, t.enabled]), [["audio", false], ["video", true]]);
  session.unmute("audio");
  session.mute("video");
  assert.deepEqual(stream.getTracks().map((t) => [t.kind, t.enabled]), [["audio", true], ["video", false]]);
  const oldVideo = stream.getVideoTracks()[0];
  assert.equal(await session.switchMediaTracks({ video: "cam2" }), stream);
  const newVideo = stream.getVideoTracks()[0];
  assert.equal(newVideo.deviceId, "cam2");
  assert.equal(newVideo.enabled, false, "still muted");
  assert.equal(oldVideo.readyState, "ended");
  const senders = session.getPeerConnection(2).getSenders();
  assert.deepEqual(senders.map((s) => s.track.kind), ["audio", "video"]);
  assert.equal(senders[1].track, newVideo);
  await assert.rejects(session.switchMediaTracks({}), /deviceId/);
});

test("createSession checks its opponents; the classic script and the module carry cometCalls on the page's cometApi", async () => {
  const caller = browser(1);
  assert.throws(() => caller.calls.createSession([], 1), /no opponent/);
  assert.throws(() => caller.calls.createSession([2, 3, 4, 5], 1), /at most 3/);
  assert.deepEqual(caller.calls.createSession(["2", 2, 1], 2).opponentsIDs, [2]);
  assert.throws(() => caller.calls.createSession([2], 1, { sessionID: "bad id" }), /sessionID/);

  const outputs = buildOutputs();
  const page = { console, setTimeout, clearTimeout, queueMicrotask, Uint32Array, crypto: globalThis.crypto };
  vm.createContext(page);
  vm.runInContext(outputs["comet-client.js"], page, { filename: "comet-client.js" });
  assert.equal(page.cometCalls.comet, page.cometApi);
  for (const name of ["createSession", "createNewSession", "getMediaDevices", "config", "isSupported", "getSession"]) {
    assert.equal(typeof page.cometCalls[name], "function", name);
  }
  assert.equal(page.cometCalls.CallType.AUDIO, 2);
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const module = await import(pathToFileURL(join(root, "dist/comet-client.mjs")).href);
  assert.equal(module.cometCalls.comet, module.cometApi);
  assert.ok(module.cometCalls instanceof module.CometCalls);
  assert.equal(module.SessionConnectionState.CONNECTED, 2);
  assert.match(outputs["comet-client.d.ts"], /export declare const cometCalls: CometCalls;/);
  assert.match(outputs["comet-client.d.ts"], /var cometCalls: CometCalls;/);
});
