package org.cometserver.server.store;

import java.util.Collection;
import java.util.List;

/**
 * {@code conference_phones}: the phones in rooms by their channel uuid (docs/CONFERENCES.md), kept so that a node
 * restarted, or started later in a cluster, lists a phone that joined before it as the node that dialled it or let
 * it in did (FreeSWITCH reports such a member under the phone's own caller id, which names no user).
 */
public interface PhoneStore {

    /** Stores the phone, replacing an entry of the same uuid. */
    void put(StoredPhone phone);

    /** The newest {@code limit} phones kept, newest first. */
    List<StoredPhone> newest(int limit);

    int delete(Collection<String> uuids);

    /** Removes entries created before {@code created} (seconds); returns how many. */
    int purgeOlderThan(long created);
}
