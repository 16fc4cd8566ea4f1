package org.cometserver.server.store;

/** A {@code pipes_settings} row: how many messages of a channel are kept. */
public record PipeSetting(int devId, String name, int length) {
}
