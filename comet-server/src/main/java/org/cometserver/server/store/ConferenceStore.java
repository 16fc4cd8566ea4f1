package org.cometserver.server.store;

import java.util.Collection;
import java.util.List;

/** {@code conference}: video-conference invitations, one per (conference, user). */
public interface ConferenceStore {
    /** Stores (replaces) the invitation of this user to this conference. */
    void put(StoredInvitation invitation);

    List<StoredInvitation> get(int devId, Collection<String> names);

    List<StoredInvitation> all(int devId, int limit);

    /** Deletes invitations of {@code name}: of these users, or all when {@code userIds} is null. */
    int delete(int devId, String name, Collection<Long> userIds);
}
