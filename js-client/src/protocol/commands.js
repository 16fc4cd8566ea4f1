// Client -> server command frames (docs/CPPCOMET.md §3.4): plain text, `<command>\n<args...>`, one command per WebSocket frame.

/** Replace-all subscription list; an empty list unsubscribes from everything. */
export function subscriptionCommand(pipes) {
  return "subscription\n" + pipes.join("\n");
}

/** Browser publish. CppComet: the fourth line is an "auth type" of exactly one character; its JS API always sends `*`. */
export function webPipeCommand(pipe, event, payload) {
  return "web_pipe2\n" + pipe + "\n" + event + "\n*\n" + payload;
}

export function pipeLogCommand(pipe, marker) {
  return "pipe_log\n" + pipe + "\n" + marker + "\n";
}

export function pipeCountCommand(pipe, marker) {
  return "pipe_count\n" + pipe + "\n" + marker + "\n";
}

export function trackPipeUsersCommand(pipe, marker) {
  return "track_pipe_users\n" + pipe + "\n" + marker;
}

// CppComet: user_data takes the marker first, unlike every other query.
export function userDataCommand(marker, userId) {
  return "user_data\n" + marker + "\n" + userId;
}

/**
 * Ours, not CppComet's: every replayed offline message up to `queueId` arrived. Sent only in answer to frames carrying
 * `queue_id`, which CppComet never sends (it would close the connection on an unknown command).
 */
export function queueAckCommand(queueId) {
  return "queue_ack\n" + queueId;
}

/**
 * Ours (docs/CLUSTER.md "Recovery after a reconnect"): every kept publication of `channel` after `position`
 * (`{epoch, offset}`), then a `_recovery` closing frame; without a position, only the closing frame with the
 * channel's current position.
 */
export function recoverCommand(channel, position) {
  return "recover\n" + channel + "\n" + (position ? position.epoch + "\n" + position.offset : "\n");
}

/** Ours (docs/CALLS.md): one P2P call signal, `{signalType, sessionID, to, ...}`, relayed by the server. */
export function callSignalCommand(signal) {
  return "call_signal\n" + JSON.stringify(signal);
}

/** Ours (docs/CONFERENCES.md "Phones"): call `number` into conference `room` (cometVideoApi.callParticipant). */
export function callParticipantCommand(room, number) {
  return "call_participant\n" + JSON.stringify({ room, number });
}

/** Ours (docs/CONFERENCES.md): the full member list of conference `room`, answered to this connection once. */
export function conferenceMembersCommand(room) {
  return "conference_members\n" + JSON.stringify({ room });
}

/** Ours (docs/CONFERENCES.md): this page's leg in conference `room` failed ICE again after its ICE restart. */
export function iceFailedCommand(room) {
  return "conference_ice_failed\n" + JSON.stringify({ room });
}

export function statisticsCommand(json) {
  return "statistics\n" + json;
}
