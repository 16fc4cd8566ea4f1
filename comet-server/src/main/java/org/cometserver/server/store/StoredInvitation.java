package org.cometserver.server.store;

/** A conference invitation ({@code conference} row). */
public record StoredInvitation(int devId, String name, long userId, long callerId, String message, String profile,
                               String stream, String node, long time) {
}
