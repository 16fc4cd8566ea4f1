package org.cometserver.server.store;

import java.util.Collection;
import java.util.List;

/** {@code revoked_tokens}: JWTs that may no longer log in. */
public interface RevokedTokenStore {
    void put(int devId, String token, long time);

    /** Those of {@code tokens} that are revoked. */
    List<String> get(int devId, Collection<String> tokens);

    List<String> all(int devId, int limit);

    int delete(int devId, Collection<String> tokens);
}
