import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";
import { buildOutputs } from "../build.mjs";
import { fakeWebSocketClass, settle } from "./FakeWebSocket.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outputs = buildOutputs();

test("dist/ holds the current build (run `npm run build` after changing src/)", () => {
  for (const [name, text] of Object.entries(outputs)) {
    assert.equal(readFileSync(join(root, "dist", name), "utf8"), text, "dist/" + name + " is stale");
  }
});

test("the classic script defines CppComet's globals and works on its own", async () => {
  const WS = fakeWebSocketClass();
  const page = { console, WebSocket: WS, setTimeout, clearTimeout, queueMicrotask, Uint32Array, crypto: globalThis.crypto };
  vm.createContext(page);
  vm.runInContext(outputs["comet-client.js"], page, { filename: "comet-client.js" });
  for (const name of ["cometApi", "CometServer", "cometServerApi", "_cometServerApi", "tabSignal", "comet_server_signal"]) {
    assert.ok(page[name], name + " is defined");
  }
  assert.equal(page.CometServer(), page.cometApi);
  assert.ok(page.cometApi instanceof page._cometServerApi);
  assert.equal(page.comet_server_signal(), page.tabSignal);
  const seen = [];
  vm.runInContext("cometApi.setLogLevel(0); cometApi.start({node: '127.0.0.1:8087'});"
    + " cometApi.subscription('public_chan', function (e) { seen.push(e.data); })", Object.assign(page, { seen }));
  const socket = WS.last();
  socket.serverGreet();
  await settle();
  socket.serverSend('{"data":"{\\"text\\":\\"json hi\\",\\"n\\":1}","event":"ev2","message_send_time":1,"pipe":"public_chan"}');
  assert.deepEqual(socket.sent, ["subscription\npublic_chan"]);
  assert.deepEqual(JSON.parse(JSON.stringify(seen)), [{ text: "json hi", n: 1 }]);
  page.cometApi.stop();
});

test("the ES module exports cometApi (default), CometServer and CometClient", async () => {
  const module = await import(pathToFileURL(join(root, "dist/comet-client.mjs")).href);
  assert.equal(module.default, module.cometApi);
  assert.equal(module.CometServer(), module.default);
  assert.equal(typeof module.CometClient, "function");
  assert.equal(typeof module.default.subscription, "function");
  assert.equal(module.stripslashes('{\\"a\\":1}'), '{"a":1}');
});

test("the type definitions declare the API surface", () => {
  const types = outputs["comet-client.d.ts"];
  for (const name of ["start", "stop", "restart", "subscription", "unsubscription", "unsubscriptionAll", "web_pipe_send",
    "multi_web_pipe_send", "get_pipe_log", "count_users_in_pipe", "getTrackPipeUsers", "getUserData", "isAuthorized",
    "onAuthSuccess", "onAuthFalill", "getRealUserKey", "getUserId", "getUserKey", "getDevId", "getUUID", "isConnected",
    "isMaster", "setLogLevel", "getLogLevel", "getUrl", "stripslashes", "sendStatistics", "onRecovery"]) {
    assert.match(types, new RegExp("\\b" + name + "\\("), name);
  }
  for (const option of ["cluster", "recover", "recoverTimeout"]) {
    assert.match(types, new RegExp("\\b" + option + "\\?: "), option);
  }
  assert.match(types, /export default cometApi;/);
  assert.match(types, /export declare class CometClient/);
});
