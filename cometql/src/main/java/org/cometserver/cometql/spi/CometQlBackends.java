package org.cometserver.cometql.spi;

/** The host services the CometQL engine runs against. */
public record CometQlBackends(PipeBackend pipes, UserBackend users, ConferenceBackend conferences,
                              CallBackend calls, ServerStatus status, CometQlAccounts accounts, RoomBackend rooms) {
}
