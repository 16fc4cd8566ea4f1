package org.cometserver.server.store;

/**
 * Everything the server keeps across restarts, one interface per table family. Every method may block on the
 * database: call them from an executor, never from a Netty event loop. Every method is scoped by dev_id; times are
 * unix seconds; {@code all…}/{@code limit} methods return at most {@code limit} rows.
 */
public interface Store extends AutoCloseable {

    AuthStore auth();

    OnlineTimeStore onlineTimes();

    MessageQueueStore messageQueue();

    HistoryStore history();

    PipeSettingsStore pipeSettings();

    UserDataStore userData();

    RevokedTokenStore revokedTokens();

    ConferenceStore conferences();

    /** {@code conference_settings} (issue 11). */
    RoomSettingsStore roomSettings();

    /** {@code conference_recordings} (issue 11). */
    RecordingStore recordings();
    GuestStore guests();

    /** {@code conference_phones}: the phones in rooms, by channel uuid. */
    PhoneStore phones();

    /**
     * Runs a trivial query ({@code SELECT 1}), for the readiness check.
     *
     * @throws StoreException when the database does not answer
     */
    void ping();

    /** Closes the connection pool; further calls fail. */
    @Override
    void close();
}
