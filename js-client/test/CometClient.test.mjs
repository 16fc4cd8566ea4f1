import assert from "node:assert/strict";
import { afterEach, beforeEach, mock, test } from "node:test";
import { CometClient } from "../src/CometClient.js";
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

function serverMessage(fields) {
  return JSON.stringify(Object.assign({ message_send_time: 1 }, fields));
}

test("connects with CppComet's URL and resubscribes with one replace-all command after the greeting", async () => {
  newClient({ user_id: 1, user_key: "abc", dev_id: 3, uuid: "U".repeat(32) });
  client.subscribe("public_chan", () => {});
  client.subscribe("public_chan.ev", () => {});
  client.subscribe("msg", () => {});
  client.subscribe("#web_chat", () => {});
  client.subscribe("", () => {});
  client.start();
  await settle();
  const socket = WS.last();
  assert.equal(socket.url, "ws://127.0.0.1:8087/ws/sesion=abc&myid=1&devid=3&v=4.08&uuid=" + "U".repeat(32) + "&api=js");
  socket.serverOpen();
  assert.deepEqual(socket.sent, [], "nothing is sent before the server's greeting");
  socket.serverSend(serverMessage({ authorized: true, data: "abc", event: "serverInfo", pipe: "sys" }));
  assert.deepEqual(socket.sent, ["subscription\npublic_chan"]);
  assert.equal(client.authorized, true);
  assert.equal(client.realUserKey, "abc");
  client.subscribe("track_room", () => {});
  client.subscribe("web_x", () => {});
  await settle();
  assert.deepEqual(socket.sent.slice(1), ["subscription\npublic_chan\ntrack_room\nweb_x"]);
});

test("an unchanged list is not sent again; an emptied list is", async () => {
  newClient().start();
  const socket = WS.last();
  socket.serverGreet();
  const id = client.subscribe("web_a", () => {});
  await settle();
  const other = client.subscribe("web_a.ev", () => {});
  client.unsubscribe(other);
  await settle();
  client.unsubscribe(id);
  await settle();
  assert.deepEqual(socket.sent, ["subscription\nweb_a", "subscription\n"]);
});

test("messages reach pipe, pipe.event and catch-all callbacks; callbacks that throw do not stop the others", () => {
  newClient().start();
  const socket = WS.last();
  socket.serverGreet();
  const seen = [];
  client.subscribe("web_chat", () => {
    throw new Error("page bug");
  });
  client.subscribe("web_chat", (e) => seen.push(["pipe", e.data]));
  client.subscribe("web_chat.ev", (e) => seen.push(["ev", e.data]));
  client.subscribe("web_chat.other", (e) => seen.push(["other", e.data]));
  client.subscribe((e) => seen.push(["all", e.server_info.pipe]));
  socket.serverSend(serverMessage({ data: '{\\"n\\":1}', event: "ev", pipe: "web_chat", user_id: 4 }));
  socket.serverSend(serverMessage({ data: "hi", event: "ev", pipe: "msg" }));
  assert.deepEqual(seen, [["pipe", { n: 1 }], ["ev", { n: 1 }], ["all", "web_chat"], ["all", "msg"]]);
});

test("answers with a marker go to their callback only, once", () => {
  newClient().start();
  const socket = WS.last();
  socket.serverGreet();
  const all = [];
  client.subscribe("", (e) => all.push(e));
  const answers = [];
  client.countUsers("web_chat", (e) => answers.push(e.data));
  const marker = socket.sent[0].split("\n")[2];
  assert.match(socket.sent[0], /^pipe_count\nweb_chat\n\d{10}\n$/);
  const answer = serverMessage({ data: ["user_in_pipe", 2], event: "user_in_pipe", marker, pipe: "_answer_pipe_count" });
  socket.serverSend(answer);
  socket.serverSend(answer);
  assert.deepEqual(answers, [["user_in_pipe", 2]]);
  assert.equal(all.length, 1, "an unexpected repeat is an ordinary message");
  client.userData(5, () => {});
  client.trackPipeUsers("track_room", () => {});
  assert.match(socket.sent[1], /^user_data\n\d{10}\n5$/);
  assert.match(socket.sent[2], /^track_pipe_users\ntrack_room\n\d{10}$/);
});

test("history request subscribes first, so nothing published meanwhile is missed", () => {
  newClient().start();
  const socket = WS.last();
  socket.serverGreet();
  client.subscribe("hist_chan", () => {});
  client.requestHistory("hist_chan");
  assert.equal(socket.sent[0], "subscription\nhist_chan");
  assert.match(socket.sent[1], /^pipe_log\nhist_chan\n\d{10}\n$/);
});

test("commands wait while disconnected and go out in order after the greeting", async () => {
  newClient();
  client.subscribe("web_chat", () => {});
  client.publish("web_chat", "ev", { a: 1 });
  client.start();
  client.publish("web_chat", "ev", "two");
  assert.equal(client.publish("chat", "ev", 1), false);
  assert.equal(client.publish("web_chat", "bad event", 1), false);
  WS.last().serverGreet();
  await settle();
  assert.deepEqual(WS.last().sent, ["subscription\nweb_chat", 'web_pipe2\nweb_chat\nev\n*\n{"a":1}', 'web_pipe2\nweb_chat\nev\n*\n"two"']);
});

test("reconnects with growing, jittered, capped delays and resubscribes", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  newClient({ reconnectDelay: 100, reconnectMaxDelay: 400 });
  client.subscribe("web_chat", () => {});
  const events = [];
  client.on("connect", () => events.push("connect"));
  client.on("disconnect", () => events.push("disconnect"));
  client.start();
  WS.last().serverGreet();
  WS.last().serverClose();
  assert.equal(client.connected, false);
  const delays = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = WS.instances.length;
    let waited = 0;
    while (WS.instances.length === before) {
      mock.timers.tick(10);
      waited += 10;
      assert.ok(waited <= 400, "reconnect delay exceeds the cap");
    }
    delays.push(waited);
    if (attempt < 4) {
      WS.last().serverClose(); // refused again
    }
  }
  assert.ok(delays[0] >= 50 && delays[0] <= 100, "first delay " + delays[0]);
  assert.ok(delays[2] >= 200, "delays grow: " + delays);
  assert.ok(delays[4] >= 200 && delays[4] <= 400, "delays are capped: " + delays);
  const socket = WS.last();
  socket.serverGreet();
  await settle();
  assert.deepEqual(socket.sent, ["subscription\nweb_chat"]);
  assert.deepEqual(events, ["connect", "disconnect", "connect"]);
  // a healthy connection resets the backoff
  socket.serverClose();
  const before = WS.instances.length;
  mock.timers.tick(100);
  assert.equal(WS.instances.length, before + 1);
});

test("a connect attempt that hangs is abandoned and retried", () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  newClient({ connectTimeout: 1000, reconnectDelay: 100 });
  client.start();
  const hung = WS.last();
  mock.timers.tick(1000);
  assert.equal(hung.closedByClient, true);
  mock.timers.tick(100);
  assert.equal(WS.instances.length, 2);
});

test("stop closes for good: no reconnect, no timers, queued commands dropped", () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  newClient({ reconnectDelay: 100 });
  client.start();
  const socket = WS.last();
  socket.serverGreet();
  socket.serverClose();
  client.publish("web_chat", "ev", 1);
  client.stop();
  mock.timers.tick(60000);
  assert.equal(WS.instances.length, 1);
  assert.equal(client.queue.length, 0);
  client.start();
  assert.equal(WS.instances.length, 2, "start after stop connects again");
});

test("auth notifications fire when the state changes, not on every reconnect", () => {
  newClient({ user_id: 1, user_key: "abc" });
  const auth = [];
  client.on("auth", (authorized) => auth.push(authorized));
  client.start();
  WS.last().serverGreet(true, "abc");
  WS.last().serverClose();
  client.links[0].socket.reconnectNow();
  WS.last().serverGreet(true, "abc");
  assert.deepEqual(auth, [true]);
});

test("messages repeated by multi_web_pipe_send are delivered once", () => {
  newClient().start();
  const socket = WS.last();
  socket.serverGreet();
  const seen = [];
  client.subscribe("web_chat", (e) => seen.push(e.data.text));
  const frame = serverMessage({ data: '{"text":"x","_cometApi_uuid":"abc"}', event: "ev", pipe: "web_chat" });
  socket.serverSend(frame);
  socket.serverSend(frame);
  assert.deepEqual(seen, ["x"]);
});

test("several nodes: subscriptions go to each, commands to one; roundrobin picks user_id % n", async () => {
  newClient({ node: ["n1:1", "n2:2"] }).start();
  client.subscribe("web_a", () => {});
  const [first, second] = WS.instances;
  first.serverGreet();
  second.serverGreet();
  await settle();
  client.publish("web_a", "ev", 1);
  assert.deepEqual(first.sent, ["subscription\nweb_a", "web_pipe2\nweb_a\nev\n*\n1"]);
  assert.deepEqual(second.sent, ["subscription\nweb_a"]);
  client.stop();
  newClient({ node: ["n1:1", "n2:2", "n3:3"], roundrobin: true, user_id: 5 }).start();
  assert.match(WS.last().url, /^ws:\/\/n3:3\/ws\//);
  assert.match(client.url("wss://secure:443/comet-server"), /^wss:\/\/secure:443\/comet-server\/ws\/sesion=&myid=5&devid=0&v=4\.08&uuid=[A-Za-z0-9_-]{32}&api=js$/);
});

test("pending answers and the command queue are bounded", () => {
  newClient();
  for (let i = 0; i < 1500; i++) {
    client.countUsers("web_a", () => {});
  }
  assert.equal(client.pendingAnswers.size, 256);
  assert.equal(client.queue.length, 1000);
});

test("replayed offline messages: delivered once by queue_id across reconnects, acknowledged in batches", () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  newClient({ user_id: 1, user_key: "abc", reconnectDelay: 100 });
  const got = [];
  client.subscribe("msg", (event) => got.push(event.data));
  client.start();
  const first = WS.last();
  first.serverGreet(true, "abc");
  const queued = (id) => serverMessage({ data: "m" + id, event: "ev", fromQueue: true, pipe: "msg", queue_id: id });
  [11, 12, 13].forEach((id) => first.serverSend(queued(id)));
  assert.deepEqual(first.sent, [], "acknowledgements wait a little, to cover many messages");
  mock.timers.tick(100);
  assert.deepEqual(first.sent, ["queue_ack\n13"]);
  first.serverSend(queued(14));
  first.serverClose(); // lost before the ack of 14
  mock.timers.tick(100);
  const second = WS.last();
  assert.notEqual(second, first);
  second.serverGreet(true, "abc");
  [13, 14, 15].forEach((id) => second.serverSend(queued(id)));
  mock.timers.tick(100);
  assert.deepEqual(got, ["m11", "m12", "m13", "m14", "m15"], "each message once, in order");
  assert.deepEqual(second.sent, ["queue_ack\n15"], "replays of seen messages are acknowledged too");
  second.serverSend(serverMessage({ data: "live", event: "ev", pipe: "msg" }));
  mock.timers.tick(100);
  assert.deepEqual(got.slice(5), ["live"]);
  assert.deepEqual(second.sent, ["queue_ack\n15"], "live messages need no acknowledgement");
});
