package org.cometserver.server.store;

/**
 * A {@code users_auth} row with its temporary fields: a row inserted with a {@code ttl} or a {@code room} is
 * temporary (docs/GUESTS.md "Temporary users"); a permanent row has 0 and empty.
 *
 * @param expires unix seconds when the row goes, 0 for never
 * @param room    the room whose leaving removes the row, empty for none
 * @param hash    the key
 */
public record TemporaryUser(int devId, long userId, long expires, String room, String hash) {

    public boolean temporary() {
        return expires > 0 || !room.isEmpty();
    }
}
