import assert from "node:assert/strict";
import { test } from "node:test";
import { parseData, parseFrame, stripslashes, toCallbackEvent } from "../src/protocol/messages.js";
import { isLocalPipe, isPublishablePipe, parseSubscriptionName } from "../src/protocol/names.js";
import {
  pipeCountCommand, pipeLogCommand, subscriptionCommand, trackPipeUsersCommand, userDataCommand, webPipeCommand,
} from "../src/protocol/commands.js";

test("stripslashes works like PHP's", () => {
  assert.equal(stripslashes('{\\"text\\":\\"x\\"}'), '{"text":"x"}');
  assert.equal(stripslashes("a\\\\b"), "a\\b");
  assert.equal(stripslashes("it\\'s"), "it's");
  assert.equal(stripslashes("nul\\0"), "nul\u0000");
  assert.equal(stripslashes("trailing\\"), "trailing");
});

test("data is parsed as JSON, as escaped JSON, or kept as text", () => {
  assert.deepEqual(parseData('{"text":"json hi","n":1}'), { text: "json hi", n: 1 });
  assert.deepEqual(parseData('{\\"text\\":\\"hello from js\\"}'), { text: "hello from js" });
  assert.equal(parseData("hello"), "hello");
  assert.equal(parseData("C:\\path"), "C:\\path");
  assert.deepEqual(parseData(["user_in_pipe", 2]), ["user_in_pipe", 2]);
});

test("a frame may hold several newline-separated messages; broken lines are reported, not thrown", () => {
  const invalid = [];
  const messages = parseFrame('{"pipe":"a"}\n{"pipe":"b"}\nnot json\n', (line) => invalid.push(line));
  assert.deepEqual(messages.map((m) => m.pipe), ["a", "b"]);
  assert.deepEqual(invalid, ["not json"]);
});

test("a frame CppComet's JS API dropped (\\\\' inside data) is delivered", () => {
  // CometQL message `it\'s` (PHP-escaped) is encoded by the server as "it\\'s".
  const [message] = parseFrame('{"data":"it\\\\\'s","event":"e","pipe":"p"}');
  assert.equal(message.data, "it\\'s");
  assert.equal(toCallbackEvent(message).data, "it\\'s");
  // and the invalid-JSON form some servers produce is still accepted
  assert.equal(parseFrame('{"data":"it\\\'s","pipe":"p"}')[0].data, "it's");
});

test("callback event has CppComet's fields", () => {
  const event = toCallbackEvent(JSON.parse(
    '{"data":"{\\\\\\"text\\\\\\":\\\\\\"hi\\\\\\"}","event":"ev","message_send_time":1,"pipe":"web_chat","user_id":1}'));
  assert.deepEqual(event, { data: { text: "hi" }, server_info: { user_id: 1, pipe: "web_chat", event: "ev", history: false } });
  const answer = toCallbackEvent({ data: ["user_in_pipe", 0], event: "user_in_pipe", marker: "0806625523", pipe: "_answer_pipe_count" });
  assert.equal(answer.server_info.marker, "0806625523");
  assert.equal(answer.server_info.user_id, 0);
  assert.equal(toCallbackEvent({ data: "x", history: true, pipe: "p", event: "e" }).server_info.history, true);
});

test("legacy A::<id>; sender prefix is understood", () => {
  const event = toCallbackEvent({ data: 'A::7;{"a":1}', pipe: "p", event: "e" });
  assert.deepEqual(event.data, { a: 1 });
  assert.equal(event.server_info.user_id, 7);
});

test("subscription names", () => {
  assert.deepEqual(parseSubscriptionName("public_chan.ev"), { pipe: "public_chan", event: "ev" });
  assert.deepEqual(parseSubscriptionName("#web_chat"), { pipe: "_answer_to_web_chat", event: undefined });
  assert.deepEqual(parseSubscriptionName("answer_to_web_chat"), { pipe: "_answer_to_web_chat", event: undefined });
  assert.deepEqual(parseSubscriptionName(""), { pipe: "", event: undefined });
  assert.equal(parseSubscriptionName("bad name"), null);
  assert.equal(parseSubscriptionName("x".repeat(64)), null);
  assert.equal(parseSubscriptionName(undefined), null);
  assert.ok(isLocalPipe("msg") && isLocalPipe("_answer_to_web_chat") && isLocalPipe("") && !isLocalPipe("track_room"));
  assert.ok(isLocalPipe("_calls"), "the call frames the server sends to the user");
  assert.ok(isPublishablePipe("web_chat") && isPublishablePipe("webauth_x") && isPublishablePipe("@web_x"));
  assert.ok(!isPublishablePipe("chat") && !isPublishablePipe("web_a b"));
});

test("command frames are byte-identical to CppComet JS API 4.08's", () => {
  assert.equal(subscriptionCommand(["public_chan", "hist_chan"]), "subscription\npublic_chan\nhist_chan");
  assert.equal(webPipeCommand("web_chat", "ev", '{"text":"hello from js"}'), 'web_pipe2\nweb_chat\nev\n*\n{"text":"hello from js"}');
  assert.equal(pipeLogCommand("hist_chan", "6710661914"), "pipe_log\nhist_chan\n6710661914\n");
  assert.equal(pipeCountCommand("web_chat", "0806625523"), "pipe_count\nweb_chat\n0806625523\n");
  assert.equal(trackPipeUsersCommand("track_room", "2539156836"), "track_pipe_users\ntrack_room\n2539156836");
  assert.equal(userDataCommand("1234567890", 5), "user_data\n1234567890\n5");
});
