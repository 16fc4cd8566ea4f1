package org.cometserver.server.hub;

/**
 * Why the server closes a connection: a code and a human-readable reason. Every server-side close carries one, so
 * transports can log it and, where the protocol allows, tell the client.
 *
 * @param code   4000–4099: the client should not reconnect as is; 4100–4199: it may reconnect
 * @param reason short text
 */
public record Disconnect(int code, String reason) {
    public static final Disconnect AUTH_REVOKED = new Disconnect(4001, "authorization revoked");
    public static final Disconnect TOO_MANY_CONNECTIONS = new Disconnect(4002, "too many connections of this user");
    public static final Disconnect BAD_REQUEST = new Disconnect(4003, "bad request");
    public static final Disconnect LOGIN_BLOCKED = new Disconnect(4004, "too many failed logins from this address");
    public static final Disconnect SHUTDOWN = new Disconnect(4100, "server shutdown");
    public static final Disconnect SLOW = new Disconnect(4101, "slow consumer");
    public static final Disconnect EXPIRED = new Disconnect(4102, "connection too old");
}
