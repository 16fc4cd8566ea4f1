package org.cometserver.xmlcurl;

import org.cometserver.xmlcurl.spi.DirectoryUsers;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Users keyed by SIP name, answered from another thread as the server's store would. The users of the recordings:
 * {@code 0000005} and {@code 0000006} with password {@code secret-<name>}.
 */
public final class FakeDirectoryUsers implements DirectoryUsers, AutoCloseable {
    public static final Map<String, String> RECORDED_USERS = Map.of(
            "0000005", "secret-0000005",
            "0000006", "secret-0000006");

    private final Map<String, String> passwords;
    private final ExecutorService store = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-store"));
    private final AtomicInteger lookups = new AtomicInteger();

    public FakeDirectoryUsers(Map<String, String> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    @Override
    public CompletableFuture<Optional<String>> sipPassword(int devId, long userId) {
        lookups.incrementAndGet();
        String name = String.format("%06d%d", devId, userId);
        return CompletableFuture.supplyAsync(() -> Optional.ofNullable(passwords.get(name)), store);
    }

    public int lookups() {
        return lookups.get();
    }

    @Override
    public void close() {
        store.shutdownNow();
    }
}
