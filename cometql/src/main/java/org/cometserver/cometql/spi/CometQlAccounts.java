package org.cometserver.cometql.spi;

/** Login data for the MySQL front end. */
public interface CometQlAccounts {
    /**
     * The password a CometQL client of this dev_id logs in with (CppComet: {@code [main] password} for every
     * dev_id). Non-blocking.
     */
    String password(int devId);

    /** Highest dev_id + 1 that may log in or be selected with {@code db_N} ({@code [main] dev_index_size}). */
    int devIndexSize();

    /**
     * Whether clients from non-loopback addresses may log in. False in protected mode: while {@code [main] password}
     * is still the built-in default, anyone who can reach the port would know it.
     */
    default boolean acceptsRemoteClients() {
        return true;
    }
}
