package org.cometserver.esl;

/** Where a FreeSWITCH node's connections are; only {@link #UP} accepts commands and means the conference state is current. */
public enum NodeState {
    /** Opening the TCP connections. */
    CONNECTING,
    /** Connected, waiting for {@code auth/request} and {@code +OK accepted} on both connections. */
    AUTHENTICATING,
    /** Authenticated and subscribed; reading {@code conference json_list} to replace the node's conference state. */
    SYNCING,
    /** Ready: commands are accepted and events keep the conference state current. */
    UP,
    /** Not connected; a reconnect is scheduled unless the bridge was stopped. */
    DOWN
}
