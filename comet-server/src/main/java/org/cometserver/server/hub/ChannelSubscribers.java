package org.cometserver.server.hub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One channel's subscribers in {@link LocalHub}, and the same subscribers split by {@link DeliveryGroup} as the fan-out
 * needs them. The split is built at the first publication after a change and reused until the next one, so a channel
 * whose subscribers stay put is published to without a list per publication (issue #13: the per-publication lists were
 * a sixth of the comet server's garbage at 1,000 subscribers × 20 messages/s).
 *
 * <p>Changes ({@link #add}, {@link #remove}) come one at a time (inside the hub's {@code compute} for the channel) and
 * bump {@link #version} after changing the set; a publication reads the version before it reads the set, so a split
 * built from a set that changed meanwhile carries an older version and is rebuilt by the next publication (until
 * then it is what a racing publication would have seen anyway).
 */
final class ChannelSubscribers {
    private final Set<Transport> members = ConcurrentHashMap.newKeySet();
    /** Changed by one thread at a time (see above); volatile for the publishers. */
    private volatile int version;
    private volatile Split split;

    /** The members of each delivery group, as built from the set at {@code version}; the lists are never changed. */
    private record Split(int version, DeliveryGroup[] groups, List<Transport>[] members) {
    }

    boolean add(Transport transport) {
        if (!members.add(transport)) {
            return false;
        }
        changed();
        return true;
    }

    boolean remove(Transport transport) {
        if (!members.remove(transport)) {
            return false;
        }
        changed();
        return true;
    }

    private void changed() {
        version++;
        // dropped at once rather than at the next publication: it may hold connections that left
        split = null;
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    int size() {
        return members.size();
    }

    List<Transport> snapshot() {
        return List.copyOf(members);
    }

    /** Hands {@code frame} to every group's members except {@code except} (may be null); returns how many took it. */
    int publish(EncodedFrame frame, Transport except) {
        Split current = current();
        int delivered = 0;
        for (int i = 0; i < current.groups.length; i++) {
            List<Transport> members = current.members[i];
            if (except != null && except.deliveryGroup() == current.groups[i]) {
                members = without(members, except);
            }
            if (!members.isEmpty()) {
                delivered += current.groups[i].deliver(frame, members);
            }
        }
        return delivered;
    }

    private Split current() {
        int now = version; // before the set: see the class comment
        Split current = split;
        if (current == null || current.version != now) {
            current = split(now);
            split = current;
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private Split split(int at) {
        // a handful of groups (one per event loop): a linear search beats hashing
        List<DeliveryGroup> groups = new ArrayList<>(4);
        List<List<Transport>> grouped = new ArrayList<>(4);
        for (Transport member : members) {
            DeliveryGroup group = member.deliveryGroup();
            int index = groups.indexOf(group);
            if (index < 0) {
                index = groups.size();
                groups.add(group);
                grouped.add(new ArrayList<>());
            }
            grouped.get(index).add(member);
        }
        List<Transport>[] lists = new List[grouped.size()];
        for (int i = 0; i < lists.length; i++) {
            lists[i] = List.copyOf(grouped.get(i));
        }
        return new Split(at, groups.toArray(DeliveryGroup[]::new), lists);
    }

    private static List<Transport> without(List<Transport> members, Transport except) {
        int index = members.indexOf(except);
        if (index < 0) {
            return members;
        }
        Transport[] rest = new Transport[members.size() - 1];
        for (int i = 0, j = 0; i < members.size(); i++) {
            if (i != index) {
                rest[j++] = members.get(i);
            }
        }
        return Arrays.asList(rest);
    }
}
