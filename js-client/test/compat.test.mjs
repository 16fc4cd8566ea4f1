import assert from "node:assert/strict";
import { afterEach, beforeEach, mock, test } from "node:test";
import { CometServerApi } from "../src/compat/CometServerApi.js";
import { TabSignal } from "../src/compat/TabSignal.js";
import { deviceUuid, newUuid } from "../src/protocol/connectionUrl.js";
import { fakeWebSocketClass, settle } from "./FakeWebSocket.mjs";

let api;
let WS;

function memoryStorage() {
  const values = new Map();
  return {
    getItem: (key) => (values.has(key) ? values.get(key) : null),
    setItem: (key, value) => values.set(key, String(value)),
  };
}

beforeEach(() => {
  globalThis.localStorage = memoryStorage();
  WS = fakeWebSocketClass();
  api = new CometServerApi();
  api.setLogLevel(0);
});

afterEach(() => {
  api.stop();
  mock.timers.reset();
  delete globalThis.localStorage;
});

test("the device uuid is 32 characters of [A-Za-z0-9_-], remembered in localStorage", () => {
  const uuid = deviceUuid();
  assert.match(uuid, /^[A-Za-z0-9_-]{32}$/);
  assert.equal(localStorage.getItem("comet_server_uuid"), uuid);
  assert.equal(deviceUuid(), uuid);
  assert.notEqual(newUuid(), newUuid());
  localStorage.setItem("comet_server_uuid", "too short");
  assert.notEqual(deviceUuid(), "too short");
});

test("start, getters and the start callback", () => {
  let started = 0;
  assert.equal(api.start({ node: "h:1", user_id: 5, user_key: "k", dev_id: 2, WebSocket: WS }, () => started++), true);
  assert.equal(api.getUserId(), 5);
  assert.equal(api.getUserKey(), "k");
  assert.equal(api.getDevId(), 2);
  assert.equal(api.isAuthorized(), undefined);
  assert.equal(api.isConnected(), false);
  WS.last().serverGreet(true, "hash32");
  assert.equal(started, 1);
  assert.equal(api.isConnected(), true);
  assert.equal(api.isMaster(), true);
  assert.equal(api.getRealUserKey(), "hash32");
  assert.match(api.getUrl(), /^ws:\/\/h:1\/ws\/sesion=k&myid=5&devid=2&v=4\.08&uuid=[A-Za-z0-9_-]{32}&api=js$/);
  api.restart({ user_key: "k2" });
  assert.match(WS.last().url, /sesion=k2&myid=5&devid=2/);
  assert.equal(WS.instances[0].closedByClient, true);
});

test("onAuthSuccess / onAuthFalill are called without argument, also when registered late", async () => {
  const calls = [];
  api.onAuthSuccess((...args) => calls.push(["success", args.length]));
  api.onAuthFalill((...args) => calls.push(["fail", args.length]));
  api.start({ node: "h:1", user_id: 1, user_key: "wrong", WebSocket: WS });
  WS.last().serverGreet(false);
  api.onAuthFalill(() => calls.push(["late fail", 0]));
  api.onAuthSuccess(() => calls.push(["late success", 0]));
  await settle();
  assert.deepEqual(calls, [["fail", 0], ["late fail", 0]]);
  assert.equal(api.isAuthorized(), false);
});

test("web_pipe_send in both forms, refused for other pipes", () => {
  api.start({ node: "h:1", WebSocket: WS });
  WS.last().serverGreet();
  assert.equal(api.web_pipe_send("web_chat", "ev", { text: "hello from js" }), true);
  assert.equal(api.web_pipe_send("web_chat.ev3", { text: "two-argument form" }), true);
  assert.equal(api.web_pipe_send("private_x", "ev", 1), false);
  assert.equal(api.web_pipe_send("nodot", 1), false);
  assert.deepEqual(WS.last().sent, [
    'web_pipe2\nweb_chat\nev\n*\n{"text":"hello from js"}',
    'web_pipe2\nweb_chat\nev3\n*\n{"text":"two-argument form"}',
  ]);
});

test("multi_web_pipe_send repeats with one _cometApi_uuid; stop cancels the repeats", () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  api.start({ node: "h:1", WebSocket: WS });
  const socket = WS.last();
  socket.serverGreet();
  api.multi_web_pipe_send("web_chat", "ev", { a: 1 }, 3, 500);
  mock.timers.tick(1000);
  const sent = socket.sent.map((command) => JSON.parse(command.split("\n")[4]));
  assert.equal(sent.length, 3);
  assert.equal(new Set(sent.map((message) => message._cometApi_uuid)).size, 1);
  assert.equal(sent[0].a, 1);
  api.multi_web_pipe_send("web_chat", "ev", { a: 2 });
  api.stop();
  mock.timers.tick(5000);
  assert.equal(socket.sent.length, 4);
});

test("get_pipe_log subscribes the callback and history entries reach it", () => {
  api.start({ node: "h:1", WebSocket: WS });
  const socket = WS.last();
  socket.serverGreet();
  const seen = [];
  assert.equal(api.get_pipe_log("hist_chan", (e) => seen.push(e)), true);
  socket.serverSend('{"data":"{\\"n\\":2}","event":"ev_old","fromQueue":true,"message_send_time":1,"pipe":"hist_chan","user_id":0}');
  assert.deepEqual(seen, [{ data: { n: 2 }, server_info: { user_id: 0, pipe: "hist_chan", event: "ev_old", history: false } }]);
  assert.equal(api.get_pipe_log("bad name", () => {}), false);
});

test("get_pipe_log entries of our server (history:true, no marker) reach the pipe's callback", () => {
  api.start({ node: "h:1", WebSocket: WS });
  const socket = WS.last();
  socket.serverGreet();
  const seen = [];
  api.get_pipe_log("hist_chan", (e) => seen.push(e));
  socket.serverSend('{"data":"old message 1","event":"ev_old","fromQueue":true,"history":true,"message_send_time":1,"pipe":"hist_chan","user_id":0}');
  assert.deepEqual(seen, [{ data: "old message 1", server_info: { user_id: 0, pipe: "hist_chan", event: "ev_old", history: true } }]);
});

test("subscription(function) means every message (CppComet 4.08 threw)", () => {
  api.start({ node: "h:1", WebSocket: WS });
  WS.last().serverGreet();
  const seen = [];
  const id = api.subscription((e) => seen.push(e.server_info.pipe));
  WS.last().serverSend('{"data":"x","event":"e","pipe":"msg"}');
  assert.equal(api.unsubscription(id), true);
  assert.equal(api.unsubscription(id), false);
  WS.last().serverSend('{"data":"x","event":"e","pipe":"msg"}');
  assert.deepEqual(seen, ["msg"]);
  assert.equal(api.subscription("bad name!", () => {}), false);
});

test("log level is remembered in localStorage comet_LogLevel", () => {
  api.setLogLevel(3);
  assert.equal(localStorage.getItem("comet_LogLevel"), "3");
  assert.equal(new CometServerApi().getLogLevel(), 3);
});

test("tabSignal: connect, emit, disconnect, emitAll reaches other tabs via storage events", () => {
  const listeners = [];
  globalThis.addEventListener = (type, listener) => listeners.push(listener);
  try {
    const signal = new TabSignal();
    const seen = [];
    const slot = signal.connect("news", (param, name) => seen.push([name, param]));
    signal.connect("named", "news", (param) => seen.push(["named", param]));
    signal.emit("news", 1);
    assert.equal(signal.disconnect(slot, "news"), true);
    signal.emitAll("news", 2);
    const stored = localStorage.getItem("tabSignal_storage_emit");
    listeners.forEach((listener) => listener({ key: "tabSignal_storage_emit", newValue: stored }));
    assert.deepEqual(seen, [["news", 1], ["named", 1], ["named", 2], ["named", 2]]);
  } finally {
    delete globalThis.addEventListener;
  }
});
