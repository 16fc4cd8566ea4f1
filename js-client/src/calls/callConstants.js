// Constants of the P2P call API (`cometCalls`), with ConnectyCube's names and values so that its users recognise them.

/** `callType` of a session and of the `call` signal (docs/CALLS.md). */
export const CallType = Object.freeze({ VIDEO: 1, AUDIO: 2 });

/** `session.state`: NEW (created / ringing), ACTIVE (called / accepted), HUNGUP, REJECTED, CLOSED. */
export const SessionState = Object.freeze({ NEW: 1, ACTIVE: 2, HUNGUP: 3, REJECTED: 4, CLOSED: 5 });

/** The `state` onSessionConnectionStateChangedListener reports for one peer connection. */
export const SessionConnectionState = Object.freeze({
  UNDEFINED: 0, CONNECTING: 1, CONNECTED: 2, FAILED: 3, DISCONNECTED: 4, CLOSED: 5, COMPLETED: 6,
});

/** The pipe the server delivers call signals on (docs/CALLS.md "Server → browser"). */
export const CALLS_PIPE = "_calls";

/** The signal types of the wire protocol; `notAnswer` only comes from the server. */
export const SIGNAL_TYPES = Object.freeze(["call", "accept", "reject", "hangUp", "iceCandidates", "update", "notAnswer"]);

/** docs/CALLS.md: a sessionID is 1-64 characters of `A-Za-z0-9_.:-`. */
export const SESSION_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/** When the page gives none: Google's public STUN server, as for the video API. */
export const CALL_DEFAULT_ICE_SERVERS = Object.freeze([{ urls: ["stun:stun.l.google.com:19302"] }]);

/** Fields of a signal that are protocol, not the sender's extension. */
export const SIGNAL_FIELDS = new Set(["signalType", "sessionID", "to", "from", "callerID", "callType", "opponentsIDs",
  "sdp", "sdpType", "iceRestart", "platform", "userInfo", "iceCandidates", "moduleIdentifier", "userId", "reason"]);
