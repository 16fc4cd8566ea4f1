package org.cometserver.server.wiring;

import org.cometserver.server.store.AuthStore;
import org.cometserver.xmlcurl.spi.DirectoryUsers;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * SIP users for FreeSWITCH's directory: a user's SIP password is the {@code users_auth} hash the browser logs in
 * with (docs/CPPCOMET.md §4.4). The store is read on {@code executor}, never on the endpoint's event loop; a full
 * executor fails the future (the endpoint answers 503).
 */
public final class StoreDirectoryUsers implements DirectoryUsers {
    private final AuthStore auth;
    private final Executor executor;

    public StoreDirectoryUsers(AuthStore auth, Executor executor) {
        this.auth = auth;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<Optional<String>> sipPassword(int devId, long userId) {
        return CompletableFuture.supplyAsync(
                () -> Optional.ofNullable(auth.get(devId, List.of(userId)).get(userId)), executor);
    }
}
