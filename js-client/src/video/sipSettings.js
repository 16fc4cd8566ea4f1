// What the browser needs to reach FreeSWITCH for an invitation (docs/CPPCOMET.md §4.6): the SIP account derived from the comet
// login, the JsSIP user agent configuration and the number to dial. FreeSWITCH asks the comet server's directory
// endpoint (§4.4) for that account's password, which is the user's comet key.

const SIP_DEV_ID_DIGITS = 6;

/** ICE servers of calls whose page gave none: Google's public STUN server. */
export const DEFAULT_ICE_SERVERS = [{ urls: ["stun:stun.l.google.com:19302"] }];

/** `dev_id` zero-padded to 6 digits followed by `user_id`, e.g. dev 0, user 12 -> `00000012` (§4.4). */
export function sipUserName(devId, userId) {
  return String(devId === undefined ? "0" : devId).padStart(SIP_DEV_ID_DIGITS, "0") + String(userId);
}

/** The `wss://<serverName>:<serverPort>` socket FreeSWITCH's sofia profile listens on for SIP over WebSocket. */
export function sipWebSocketUrl(sys) {
  return "wss://" + sys.serverName + ":" + sys.serverPort;
}

/** The conference extension: `sip:<dev>*<name>*<profile>@<serverName>`, routed by the dialplan to mod_conference. */
export function conferenceUri(sys) {
  return "sip:" + sys.sipNumber + "@" + sys.serverName;
}

/** JsSIP.UA configuration as CppComet's cometVideoApi.js 1.0 registered it. */
export function userAgentConfiguration(JsSIP, sys, userName, password) {
  return {
    ...sipSockets(JsSIP, sipWebSocketUrl(sys)),
    uri: "sip:" + userName + "@" + sys.serverName,
    authorization_user: userName,
    password,
    display_name: userName,
    registrar_server: "sip:" + sys.serverName,
    realm: sys.serverName,
    session_timers: false,
    use_preloaded_route: false,
    no_answer_timeout: 120,
  };
}

/**
 * The UA's socket parameter: `sockets` from JsSIP 2.0.1 on (2.0.6, the release CppComet pages load, and 3.x), which
 * export `WebSocketInterface`; `ws_servers` for older releases, whose UA opens the WebSocket itself.
 */
export function sipSockets(JsSIP, url) {
  return typeof JsSIP.WebSocketInterface === "function"
    ? { sockets: [new JsSIP.WebSocketInterface(url)] }
    : { ws_servers: url };
}
