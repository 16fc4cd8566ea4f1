// Channel names as the JS API accepts them (docs/CPPCOMET.md §3.5) and which of them are only local to the client.

// CppComet's server closes the connection on a subscribed name of 64+ characters: refusing it here avoids a reconnect loop.
export const MAX_PIPE_NAME_LENGTH = 63;

const SUBSCRIPTION_NAME = /^#?[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)?$/;
const PIPE_NAME = /^[A-Za-z0-9_\-]+$/;
const PUBLISHABLE_PIPE = /^@?web_|^webauth_/;

/**
 * Splits a subscription name into the pipe whose messages it receives and an optional event filter:
 * `"pipe"`, `"pipe.event"`, `"#pipe"` (delivery reports of web_pipe_send = pipe `_answer_to_pipe`), `"msg"`, `""` (everything).
 * Returns null for a name the server could not accept.
 */
export function parseSubscriptionName(name) {
  if (name === "") {
    return { pipe: "", event: undefined };
  }
  if (typeof name !== "string" || !SUBSCRIPTION_NAME.test(name)) {
    return null;
  }
  const dot = name.indexOf(".");
  let pipe = dot < 0 ? name : name.substring(0, dot);
  const event = dot < 0 ? undefined : name.substring(dot + 1);
  if (pipe.charAt(0) === "#") {
    pipe = "_answer_to_" + pipe.substring(1);
  } else if (pipe.startsWith("answer_to_")) {
    pipe = "_" + pipe;
  }
  if (pipe.length > MAX_PIPE_NAME_LENGTH) {
    return null;
  }
  return { pipe, event };
}

/**
 * Pipes the server never needs to hear about: private messages (`msg`), its own answer/system pipes, call signals
 * (`_calls`, docs/CALLS.md) and "everything".
 */
export function isLocalPipe(pipe) {
  return pipe === "" || pipe === "msg" || pipe === "sys" || pipe === "_calls" || pipe.startsWith("_answer");
}

/**
 * Channels that can keep history, so that a reconnect may `recover` them (docs/CLUSTER.md): not the server's own
 * pipes (`sys`, `_`-prefixed), private messages (`msg`), presence (`user_status_*`) or membership events (`track_*`).
 */
export function isRecoverablePipe(pipe) {
  return !isLocalPipe(pipe) && pipe.charAt(0) !== "_" && !pipe.startsWith("user_status_")
    && !pipe.startsWith("track_");
}

export function isValidPipeName(pipe) {
  return typeof pipe === "string" && PIPE_NAME.test(pipe) && pipe.length <= MAX_PIPE_NAME_LENGTH;
}

/** Browsers may publish to `web_*`, `webauth_*` (authorized senders only) and `@web_*` (sent anonymously). */
export function isPublishablePipe(pipe) {
  return typeof pipe === "string" && PUBLISHABLE_PIPE.test(pipe) && isValidPipeName(pipe.replace(/^@/, ""));
}
