package org.cometserver.server.store;

/**
 * A row of {@code conference_phones}: the phone on channel {@code uuid} is listed under {@code userId} (the user
 * whose page or {@code conference} row dialled it, 0 for a PIN caller) with {@code number}; {@code created} in
 * seconds.
 */
public record StoredPhone(String uuid, long userId, String number, long created) {
}
