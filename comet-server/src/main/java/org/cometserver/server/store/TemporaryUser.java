package org.cometserver.server.store;

/**
 * A {@code users_auth} row inserted with a {@code ttl} or a {@code room} (docs/CONFERENCE.md "Temporary users").
 *
 * @param expires unix seconds when the row goes, 0 for never
 * @param room    the room whose leaving removes the row, empty for none
 */
public record TemporaryUser(int devId, long userId, long expires, String room) {
}
