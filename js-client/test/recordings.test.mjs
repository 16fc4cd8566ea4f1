// Replays the CppComet recordings (<repo>/testdata/cppcomet/ws-0*/merged-transcript.txt): every page runs the same
// cometApi calls CppComet's JS API 4.08 ran in Chromium, receives the server frames the real server sent, and must
// send the same commands and hand its callbacks the same arguments. Documented differences are normalised:
// markers are random, anonymous URLs carry empty `sesion=`/`myid=` instead of "undefined", no `statistics` command,
// and a history request subscribes before asking (so the order of those two commands may differ).

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { CometServerApi } from "../src/compat/CometServerApi.js";
import { fakeWebSocketClass, settle } from "./FakeWebSocket.mjs";

const recordings = join(dirname(fileURLToPath(import.meta.url)), "../../testdata/cppcomet");
const scenarios = ["ws-01-public-channel", "ws-02-private-message", "ws-03-track-presence", "ws-04-web-channel-send",
  "ws-05-unauthorized"];

const TIME = String.raw`^\[\s*[\d.]+\] `;
const PAGE = String.raw`(\S+\([^)]*\))`;
const JS_CALL = new RegExp(TIME + PAGE + " JS> (.*)$");
const JS_RESULT = new RegExp(TIME + PAGE + " JS< (.*)$");
const FRAME = new RegExp(TIME + "conn-\\d+ " + PAGE + " (S->C|C->S) WS text fin=1 len=\\d+ hdr=[0-9a-f]+(?: masked)?: (.*)$");
const CALLBACKS = new RegExp(TIME + PAGE + " JS-API callback events \\((\\d+)\\):$");
const MARKER = /\n(\d{10})(?=\n|$)/;

test("the CppComet recordings are present", () => {
  assert.ok(existsSync(recordings), "recordings expected at " + recordings);
});

for (const scenario of scenarios) {
  test("replays " + scenario, async () => {
    const lines = readFileSync(join(recordings, scenario, "merged-transcript.txt"), "utf8").split("\n");
    const pages = new Map();
    const pageFor = (label) => {
      if (!pages.has(label)) {
        pages.set(label, newPage());
      }
      return pages.get(label);
    };
    for (let i = 0; i < lines.length; i++) {
      let match;
      if ((match = JS_CALL.exec(lines[i]))) {
        const page = pageFor(match[1]);
        globalThis.WebSocket = page.WS;
        page.result = page.run(match[2]);
        page.call = match[2];
        await settle();
      } else if ((match = JS_RESULT.exec(lines[i]))) {
        const page = pageFor(match[1]);
        assert.deepEqual(normaliseUrl(page.result), normaliseUrl(JSON.parse(match[2])), match[1] + ": " + page.call);
      } else if ((match = FRAME.exec(lines[i]))) {
        const page = pageFor(match[1]);
        if (match[2] === "C->S") {
          const command = JSON.parse(match[3]);
          if (!command.startsWith("statistics\n")) {
            page.recordedSent.push(command);
          }
        } else {
          page.deliver(match[3]);
          await settle();
        }
      } else if ((match = CALLBACKS.exec(lines[i]))) {
        const count = Number(match[2]);
        const expected = lines.slice(i + 1, i + 1 + count).map((line) => {
          const { tag, e } = JSON.parse(line);
          return { tag, e: withoutMarker(e) };
        });
        const page = pageFor(match[1]);
        assert.deepEqual(page.events.map(({ tag, e }) => ({ tag, e: withoutMarker(e) })), expected, match[1] + " callbacks");
        assert.deepEqual(page.sentCommands().sort(), page.recordedSent.map(withoutMarkers).sort(), match[1] + " commands");
        page.api.stop();
        i += count;
      }
    }
    delete globalThis.WebSocket;
  });
}

function newPage() {
  const page = {
    WS: fakeWebSocketClass(),
    api: new CometServerApi(),
    events: [],
    recordedSent: [],
    result: undefined,
    call: undefined,
  };
  page.api.setLogLevel(0);
  const rec = (tag) => (e) => page.events.push({ tag, e: e === undefined ? "(undefined)" : JSON.parse(JSON.stringify(e)) });
  // The recorded page code names `cometApi` and `rec`; direct eval sees both.
  page.run = (code) => ((cometApi) => eval(code))(page.api);
  page.socket = () => page.WS.last();
  page.ourSent = () => page.WS.instances.flatMap((socket) => socket.sent);
  page.sentCommands = () => page.ourSent().map(withoutMarkers);
  page.deliver = (payload) => {
    const socket = page.socket();
    if (socket.readyState === 0) {
      socket.serverOpen();
    }
    // The recorded answer carries CppComet's random marker; ours sent another one for the same request.
    const recordedMarkers = page.recordedSent.map((command) => MARKER.exec(command)).filter(Boolean).map((m) => m[1]);
    const ourMarkers = page.ourSent().map((command) => MARKER.exec(command)).filter(Boolean).map((m) => m[1]);
    socket.serverSend(payload.replace(/"marker":"(\d{10})"/, (text, marker) => {
      const index = recordedMarkers.indexOf(marker);
      return "\"marker\":\"" + (index >= 0 ? ourMarkers[index] : marker) + "\"";
    }));
  };
  return page;
}

function withoutMarkers(command) {
  return command.replace(MARKER, "\n<marker>");
}

function withoutMarker(event) {
  if (event && event.server_info && event.server_info.marker !== undefined) {
    return { ...event, server_info: { ...event.server_info, marker: "<marker>" } };
  }
  return event;
}

/** Anonymous pages: CppComet wrote `sesion=undefined&myid=undefined`; we leave them empty. Device uuids differ. */
function normaliseUrl(value) {
  return typeof value === "string"
    ? value.replace("sesion=undefined&myid=undefined", "sesion=&myid=").replace(/uuid=[A-Za-z0-9_-]{32}/, "uuid=<uuid>")
    : value;
}
