// Our cluster mode (one socket, failing over between nodes) and recovery after a reconnect (docs/CLUSTER.md).

import assert from "node:assert/strict";
import { afterEach, beforeEach, mock, test } from "node:test";
import { CometClient } from "../src/CometClient.js";
import { CometServerApi } from "../src/compat/CometServerApi.js";
import { CometServer } from "../src/compat/globalApi.js";
import { Logger } from "../src/Logger.js";
import { fakeWebSocketClass, settle } from "./FakeWebSocket.mjs";

let WS;
let client;

beforeEach(() => {
  WS = fakeWebSocketClass();
});

afterEach(() => {
  client && client.stop();
  mock.timers.reset();
});

function newClient(options = {}) {
  client = new CometClient(Object.assign({ node: "127.0.0.1:8087", WebSocket: WS, logger: new Logger(0) }, options));
  return client;
}

/** A publication with its position, keys as the server sorts them. */
function published(pipe, epoch, offset, data = "m" + offset) {
  return JSON.stringify({ data, epoch, event: "ev", message_send_time: 1, offset, pipe });
}

function recovered(channel, epoch, offset, wasRecovered = true) {
  return JSON.stringify({ data: { channel, epoch, offset, recovered: wasRecovered }, event: "recovered",
    message_send_time: 1, pipe: "_recovery" });
}

/** Advances the fake clock until the client opens its next socket; returns it. */
function nextSocket() {
  const before = WS.instances.length;
  for (let waited = 0; WS.instances.length === before; waited += 10) {
    assert.ok(waited < 60000, "no reconnect attempt");
    mock.timers.tick(10);
  }
  return WS.last();
}

function openSockets() {
  return WS.instances.filter((socket) => !socket.closedByClient && socket.readyState !== 3);
}

test("cluster: one socket at a time; a lost node is retried once, then the next node gets the subscription and recover commands", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  newClient({ node: ["n1:1", "n2:2", "n3:3"], cluster: true, user_id: 3, reconnectDelay: 100 });
  const connects = [];
  client.on("connect", (node) => connects.push(node));
  client.subscribe("web_chat", () => {});
  client.subscribe("track_room", () => {});
  client.subscribe("msg", () => {});
  client.start();
  assert.equal(WS.instances.length, 1, "one socket, not one per node");
  const first = WS.last();
  assert.match(first.url, /^ws:\/\/n1:1\/ws\//, "user 3 of 3 nodes starts at 3 % 3 = 0");
  first.serverGreet();
  await settle();
  assert.deepEqual(first.sent, ["subscription\nweb_chat\ntrack_room", "recover\nweb_chat\n\n"],
    "a first subscription learns the channel's position; track_ channels keep no history");
  first.serverSend(recovered("web_chat", "e1", 5));
  first.serverSend(published("web_chat", "e1", 6));

  first.serverClose(); // the node dies
  client.publish("web_chat", "ev", "while away");
  const retry = nextSocket();
  assert.match(retry.url, /^ws:\/\/n1:1\//, "a lost healthy connection is retried on the same node first");
  retry.serverClose(); // refused
  const second = nextSocket();
  assert.match(second.url, /^ws:\/\/n2:2\//);
  assert.equal(openSockets().length, 1);
  second.serverGreet();
  await settle();
  assert.deepEqual(second.sent, ["subscription\nweb_chat\ntrack_room", "recover\nweb_chat\ne1\n6",
    'web_pipe2\nweb_chat\nev\n*\n"while away"'], "then the commands that waited");
  assert.deepEqual(connects, ["n1:1", "n2:2"]);
  assert.match(client.url(), /^ws:\/\/n2:2\//, "getUrl() names the node connected to");
});

test("cluster: a connect attempt that hangs moves on to the next node, round robin; anonymous pages start anywhere", () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  newClient({ node: ["n1:1", "n2:2", "n3:3"], cluster: true, user_id: 2, connectTimeout: 1000, reconnectDelay: 100 });
  client.start();
  assert.match(WS.last().url, /^ws:\/\/n3:3\//);
  WS.last().serverClose(); // refused before any greeting
  assert.match(nextSocket().url, /^ws:\/\/n1:1\//, "after the last node comes the first");
  const hung = WS.last();
  mock.timers.tick(1000);
  assert.equal(hung.closedByClient, true);
  assert.match(nextSocket().url, /^ws:\/\/n2:2\//);
  client.stop();
  const nodes = ["a:1", "b:2", "c:3"];
  const before = WS.instances.length;
  newClient({ node: nodes, cluster: true }).start();
  assert.equal(WS.instances.length, before + 1);
  assert.ok(nodes.some((node) => WS.last().url.startsWith("ws://" + node + "/")));
});

test("recovery: live frames held during a recover are delivered once each in offset order, then duplicates dropped", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  newClient({ recover: true, reconnectDelay: 100 });
  const got = [];
  const reports = [];
  client.subscribe("web_chat", (e) => got.push(e.data));
  client.on("recovery", (info) => reports.push(info));
  client.start();
  const first = WS.last();
  first.serverGreet();
  await settle();
  assert.deepEqual(first.sent, ["subscription\nweb_chat", "recover\nweb_chat\n\n"]);
  first.serverSend(published("web_chat", "e1", 3)); // live, published after the subscription
  assert.deepEqual(got, [], "held until the closing frame");
  first.serverSend(recovered("web_chat", "e1", 2));
  assert.deepEqual(got, ["m3"]);
  assert.deepEqual(reports, [], "learning a position loses nothing: nothing to report");
  first.serverSend(published("web_chat", "e1", 4));
  first.serverSend(published("web_chat", "e1", 4));
  first.serverSend(JSON.stringify({ data: "plain", event: "ev", message_send_time: 1, pipe: "web_chat" }));
  first.serverSend(JSON.stringify({ data: "old", epoch: "e1", event: "ev", history: true, message_send_time: 1,
    offset: 1, pipe: "web_chat" }));
  assert.deepEqual(got, ["m3", "m4", "plain", "old"], "frames without a position, and pipe_log entries, pass through");

  first.serverClose();
  const second = nextSocket();
  second.serverGreet();
  await settle();
  assert.deepEqual(second.sent, ["subscription\nweb_chat", "recover\nweb_chat\ne1\n4"]);
  second.serverSend(published("web_chat", "e1", 7)); // live
  second.serverSend(published("web_chat", "e1", 5)); // recovered
  second.serverSend(JSON.stringify({ data: "unpositioned", event: "ev", message_send_time: 1, pipe: "web_chat" }));
  second.serverSend(published("web_chat", "e1", 8)); // live
  second.serverSend(published("web_chat", "e1", 6)); // recovered
  second.serverSend(published("web_chat", "e1", 7)); // recovered copy of a live one
  assert.deepEqual(got.slice(4), ["unpositioned"]);
  second.serverSend(recovered("web_chat", "e1", 7));
  second.serverSend(published("web_chat", "e1", 8));
  second.serverSend(published("web_chat", "e1", 9));
  assert.deepEqual(got.slice(4), ["unpositioned", "m5", "m6", "m7", "m8", "m9"]);
  assert.deepEqual(reports, [{ channel: "web_chat", recovered: true, epoch: "e1", offset: 8 }]);
});

test("recovery: frames held when the connection drops again are recovered on the next one, not delivered past the gap", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  newClient({ reconnectDelay: 100 });
  const got = [];
  client.subscribe("web_chat", (e) => got.push(e.data));
  client.start();
  WS.last().serverGreet();
  await settle();
  assert.deepEqual(WS.last().sent, ["subscription\nweb_chat"], "no position, no recover option: CppComet's commands only");
  WS.last().serverSend(published("web_chat", "e1", 1));
  WS.last().serverClose();
  let socket = nextSocket();
  socket.serverGreet();
  await settle();
  assert.deepEqual(socket.sent, ["subscription\nweb_chat", "recover\nweb_chat\ne1\n1"],
    "a server that sends positions understands recover");
  socket.serverSend(published("web_chat", "e1", 5));
  socket.serverClose();
  socket = nextSocket();
  socket.serverGreet();
  await settle();
  assert.deepEqual(socket.sent.slice(1), ["recover\nweb_chat\ne1\n1"]);
  [2, 3, 4, 5].forEach((offset) => socket.serverSend(published("web_chat", "e1", offset)));
  socket.serverSend(recovered("web_chat", "e1", 5));
  assert.deepEqual(got, ["m1", "m2", "m3", "m4", "m5"]);
});

test("recovery: recovered:false reaches onRecovery; the new epoch is adopted and held frames of the old one dropped", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  assert.equal(typeof CometServer().onRecovery, "function", "the page's global API has it");
  const api = new CometServerApi();
  const reports = [];
  assert.equal(api.onRecovery((channel, info) => reports.push([channel, info])) !== false, true);
  const got = [];
  api.subscription("web_chat", (e) => got.push(e.data));
  api.start({ node: "n:1", WebSocket: WS, reconnectDelay: 100, recover: true });
  client = api.client;
  WS.last().serverGreet();
  await settle();
  WS.last().serverSend(recovered("web_chat", "e1", 10));
  WS.last().serverSend(published("web_chat", "e1", 11));
  WS.last().serverClose();
  const socket = nextSocket();
  socket.serverGreet();
  await settle();
  assert.deepEqual(socket.sent, ["subscription\nweb_chat", "recover\nweb_chat\ne1\n11"]);
  socket.serverSend(published("web_chat", "e1", 12)); // a late frame of the lost history
  socket.serverSend(published("web_chat", "e2", 2)); // live, in the new epoch
  socket.serverSend(recovered("web_chat", "e2", 1, false));
  assert.deepEqual(reports, [["web_chat", { recovered: false, epoch: "e2", offset: 2 }]]);
  socket.serverSend(published("web_chat", "e2", 2));
  socket.serverSend(published("web_chat", "e2", 3));
  assert.deepEqual(got, ["m11", "m2", "m3"]);
  api.stop();
});

test("recovery: beyond the cap of held frames the client gives up holding and reports recovered:false", async () => {
  newClient({ recover: true });
  client.recovery.maxHeld = 3;
  const got = [];
  const reports = [];
  client.subscribe("web_chat", (e) => got.push(e.data));
  client.on("recovery", (info) => reports.push(info));
  client.start();
  const socket = WS.last();
  socket.serverGreet();
  await settle();
  [4, 2, 3, 3].forEach((offset) => socket.serverSend(published("web_chat", "e1", offset)));
  assert.deepEqual(got, [], "a repeated offset is held once");
  socket.serverSend(published("web_chat", "e1", 1));
  assert.deepEqual(got, ["m1", "m2", "m3", "m4"], "the held frames are released in order");
  assert.deepEqual(reports, [{ channel: "web_chat", recovered: false, epoch: "e1", offset: 4 }]);
  socket.serverSend(recovered("web_chat", "e1", 4));
  socket.serverSend(published("web_chat", "e1", 4));
  socket.serverSend(published("web_chat", "e1", 5));
  assert.deepEqual(got.slice(4), ["m5"]);
  assert.equal(reports.length, 1, "the late closing frame is not reported again");
});

test("recovery: a get_pipe_log answered while a first subscription learns its position is ordered in with the live frames", async () => {
  newClient({ recover: true });
  const got = [];
  client.start();
  WS.last().serverGreet();
  client.subscribe("web_chat", (e) => got.push([e.data, e.server_info.history]));
  client.requestHistory("web_chat");
  assert.deepEqual(WS.last().sent.slice(0, 2), ["subscription\nweb_chat", "recover\nweb_chat\n\n"]);
  const entry = (offset) => JSON.stringify({ data: "m" + offset, epoch: "e", event: "ev", fromQueue: true, history: true,
    message_send_time: 1, offset, pipe: "web_chat" });
  WS.last().serverSend(published("web_chat", "e", 3)); // live, also in the history below
  [1, 2, 3].forEach((offset) => WS.last().serverSend(entry(offset)));
  WS.last().serverSend(recovered("web_chat", "e", 3));
  WS.last().serverSend(entry(2)); // a later get_pipe_log: answered as it comes
  assert.deepEqual(got, [["m1", true], ["m2", true], ["m3", false], ["m2", true]]);
});

test("recovery: a recover never answered (an error frame instead) is given up after recoverTimeout", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  newClient({ recoverTimeout: 5000, reconnectDelay: 100 });
  const got = [];
  const reports = [];
  client.subscribe("web_chat", (e) => got.push(e.data));
  client.on("recovery", (info) => reports.push(info));
  client.start();
  WS.last().serverGreet();
  await settle();
  WS.last().serverSend(published("web_chat", "e1", 1));
  WS.last().serverClose();
  const socket = nextSocket();
  socket.serverGreet();
  await settle();
  socket.serverSend(JSON.stringify({ data: { error: "Unknown command" }, event: "error", message_send_time: 1, pipe: "sys" }));
  socket.serverSend(published("web_chat", "e1", 3));
  socket.serverSend(published("web_chat", "e1", 2));
  mock.timers.tick(4999);
  assert.deepEqual(got, ["m1"]);
  mock.timers.tick(1);
  assert.deepEqual(got, ["m1", "m2", "m3"]);
  assert.deepEqual(reports, [{ channel: "web_chat", recovered: false, epoch: "e1", offset: 3 }]);
  socket.serverSend(recovered("web_chat", "e1", 3));
  assert.equal(reports.length, 1);
});

test("recovery: only subscribed channels that keep history; unsubscribed channels are forgotten", async () => {
  newClient({ recover: true });
  const ids = ["web_a", "private_b", "user_status_7", "track_c", "#web_a", "msg", "trust_d"]
    .map((name) => client.subscribe(name, () => {}));
  client.start();
  WS.last().serverGreet(false);
  await settle();
  assert.deepEqual(WS.last().sent.slice(1), ["recover\nweb_a\n\n", "recover\ntrust_d\n\n"],
    "the server drops an anonymous connection's private_ channels");
  client.stop();
  client.start();
  const socket = WS.last();
  socket.serverGreet(true);
  await settle();
  assert.deepEqual(socket.sent.slice(1), ["recover\nweb_a\n\n", "recover\nprivate_b\n\n", "recover\ntrust_d\n\n"]);
  socket.serverSend(recovered("trust_d", "", 0, false));
  assert.equal(client.recovery.position("trust_d"), undefined, "an empty epoch: the channel keeps no history");
  socket.serverSend(recovered("web_a", "e", 1));
  assert.deepEqual(client.recovery.position("web_a"), { epoch: "e", offset: 1 });
  client.unsubscribe(ids[0]);
  await settle();
  assert.equal(client.recovery.position("web_a"), undefined);
  client.subscribe("web_a", () => {});
  await settle();
  assert.deepEqual(socket.sent.slice(-2), ["subscription\nprivate_b\nuser_status_7\ntrack_c\ntrust_d\nweb_a",
    "recover\nweb_a\n\n"], "a channel subscribed while connected learns its position too");
});

test("CppComet's several-node mode: every node's copy of a positioned frame is delivered once", async () => {
  newClient({ node: ["n1:1", "n2:2"] }).start();
  const got = [];
  client.subscribe("web_a", (e) => got.push(e.data));
  const [first, second] = WS.instances;
  first.serverGreet();
  second.serverGreet();
  await settle();
  first.serverSend(published("web_a", "e", 1));
  second.serverSend(published("web_a", "e", 1));
  second.serverSend(published("web_a", "e", 2));
  first.serverSend(published("web_a", "e", 2));
  assert.deepEqual(got, ["m1", "m2"]);
});
