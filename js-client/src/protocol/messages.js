// Server -> client frames (docs/CPPCOMET.md §3.3) and the callback argument CppComet's JS API builds from them.

/**
 * PHP's stripslashes: `\x` becomes `x`, `\\` becomes `\`, `\0` becomes NUL. Undoes the `mysql_real_escape_string`
 * CppComet applies to browser-published messages, and the escaping PHP backends put into CometQL strings (§3.9).
 */
export function stripslashes(text) {
  return String(text).replace(/\\([\s\S]?)/g, (escape, next) => (next === "0" ? "\u0000" : next));
}

/**
 * Parses one WebSocket text frame into message objects. A frame may carry several newline-separated JSON objects.
 * CppComet's JS API rewrote every `\'` to `'` before parsing, which broke valid frames containing `\\'`; here the
 * rewrite is only a fallback for frames that are not valid JSON as they are. Unparseable lines are reported, not thrown.
 */
export function parseFrame(text, onInvalid) {
  const messages = [];
  for (const line of String(text).split("\n")) {
    if (line.trim() === "") {
      continue;
    }
    const message = parseJsonObject(line) || parseJsonObject(line.replace(/\\'/g, "'"));
    if (message) {
      messages.push(message);
    } else if (onInvalid) {
      onInvalid(line);
    }
  }
  return messages;
}

function parseJsonObject(text) {
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch (ignored) {
    return null;
  }
}

/**
 * Message payload as callbacks see it: JSON-parsed when the text is JSON, or JSON once its slashes are stripped
 * (`{\"a\":1}`), else the text itself. Non-string data (answers, presence events) is passed through.
 */
export function parseData(data) {
  if (typeof data !== "string") {
    return data;
  }
  try {
    return JSON.parse(data);
  } catch (ignored) {
    // not JSON as it is
  }
  if (data.indexOf("\\") >= 0) {
    try {
      return JSON.parse(stripslashes(data));
    } catch (ignored) {
      // not escaped JSON either
    }
  }
  return data;
}

// CppComet: messages of JS API 2.x/3.x senders carried the sender as an `A::<user_id>;<data>` prefix.
const LEGACY_SENDER_PREFIX = /^A::(\d+);([\s\S]*)$/;

/**
 * The argument every subscription callback receives: `{data, server_info: {user_id, pipe, event, history, marker, uuid}}`,
 * field for field as in CppComet's JS API 4.08 (`history` is true only when the server says so; `marker` and `uuid`
 * are left out when absent).
 */
export function toCallbackEvent(message) {
  let data = message.data;
  let userId = message.user_id;
  if (typeof data === "string") {
    const legacy = LEGACY_SENDER_PREFIX.exec(data);
    if (legacy) {
      userId = Number(legacy[1]);
      data = legacy[2];
    }
  }
  const serverInfo = {
    user_id: userId === undefined || userId === null ? 0 : userId,
    pipe: message.pipe,
    event: message.event,
    history: message.history === true,
  };
  if (message.marker !== undefined) {
    serverInfo.marker = message.marker;
  }
  if (message.uuid !== undefined) {
    serverInfo.uuid = message.uuid;
  }
  return { data: parseData(data), server_info: serverInfo };
}
