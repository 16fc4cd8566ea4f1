package org.cometserver.server.store;

/**
 * A {@code conference_recordings} row: a file FreeSWITCH node {@code node} records (or recorded) room {@code room}
 * into. {@code ended} is 0 while it records; {@code size} is FreeSWITCH's {@code Record-File-Size} at the stop (0 when
 * nothing was written).
 */
public record StoredRecording(int devId, String room, String path, long started, long ended, long size, String node) {
}
