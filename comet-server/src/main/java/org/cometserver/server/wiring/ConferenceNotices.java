package org.cometserver.server.wiring;

import org.cometserver.esl.NodeHealth;
import org.cometserver.esl.NodeState;
import org.cometserver.esl.conference.Member;
import org.cometserver.esl.spi.ConferenceListener;
import org.cometserver.server.config.FreeswitchNode;
import org.cometserver.server.config.SipSection;
import org.cometserver.server.store.ConferenceStore;
import org.cometserver.server.wiring.FreeswitchRooms.Room;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Tells a room's web clients who joined, left, talks or was muted, on the room's signalling channel (the
 * {@code callPipe} of its invitations, §4.2): events {@code joined}, {@code left}, {@code talking} and {@code changed},
 * whose data is the member as JSON text ({@code user_id, member_id, kind, number, muted, deaf, talking, video, vmuted,
 * node}; user, kind and number as {@code conference_members} has them, {@link MemberKinds}).
 * CppComet pushed nothing of the kind. Runs on the bridge's callback executor ({@link RoomChannel} reads the room's
 * profile from the store).
 * <p>
 * Being told of every member, it is also where conferences that are not ours are logged (once each) and where a
 * {@code Domain=} that FreeSWITCH contradicts is warned about (once per node and reported domain).
 */
final class ConferenceNotices implements ConferenceListener {
    private static final Logger log = LoggerFactory.getLogger(ConferenceNotices.class);

    private final FreeswitchRooms rooms;
    private final Map<String, FreeswitchNode> nodes = new LinkedHashMap<>();
    private final RoomChannel channel;
    /** Null: phones are named by their caller id (user 0, kind sip). */
    private final DialledMembers phones;
    private final IgnoredConferences ignored = new IgnoredConferences();
    /** node → the reported domain last warned about; bounded by the number of nodes. */
    private final Map<String, String> domainWarnings = new LinkedHashMap<>();

    /** @param reportedDomain node name → the {@code $${domain}} FreeSWITCH reported (the bridge's {@code domain}) */
    ConferenceNotices(SipSection sip, ConferenceStore invitations, Publisher publisher,
                      Function<String, Optional<String>> reportedDomain) {
        this(sip, new RoomChannel(sip, invitations, publisher), reportedDomain);
    }

    ConferenceNotices(SipSection sip, RoomChannel channel, Function<String, Optional<String>> reportedDomain) {
        this(sip, channel, reportedDomain, null);
    }

    /** @param phones the phones in rooms ({@link DialledMembers}), so that notices name them as the table does */
    ConferenceNotices(SipSection sip, RoomChannel channel, Function<String, Optional<String>> reportedDomain,
                      DialledMembers phones) {
        this.rooms = new FreeswitchRooms(sip, reportedDomain);
        sip.freeswitch().forEach(node -> nodes.put(node.name(), node));
        this.channel = channel;
        this.phones = phones;
    }

    /** The bridge learns the domain before a node is UP: compare it with {@code Domain=} then. */
    @Override
    public void nodeHealthChanged(NodeHealth health) {
        if (health.state() != NodeState.UP) {
            return;
        }
        Optional<String> conflicting = rooms.conflictingDomain(health.node());
        if (conflicting.isPresent() && !conflicting.get().equals(domainWarnings.put(health.node(), conflicting.get()))) {
            log.warn("FreeSWITCH node {}: reports domain '{}' but its [sip] freeswitch entry says Domain={}; only"
                    + " conferences named <dev_id>*<room>-{} are used (remove Domain= to take FreeSWITCH's)",
                    health.node(), conflicting.get(), nodes.get(health.node()).domain(), nodes.get(health.node()).domain());
        }
    }

    @Override
    public void memberJoined(Member member) {
        publish("joined", member);
    }

    @Override
    public void memberLeft(Member member) {
        publish("left", member);
    }

    @Override
    public void memberChanged(Member before, Member after) {
        if (before.talking() != after.talking()) {
            publish("talking", after);
        }
        if (before.muted() != after.muted() || before.deaf() != after.deaf() || before.videoMuted() != after.videoMuted()
                || before.hasVideo() != after.hasVideo()) {
            publish("changed", after);
        }
    }

    private void publish(String event, Member member) {
        ConferenceName.Parsed parsed = rooms.parse(member.node(), member.conference());
        Room room = parsed.room();
        FreeswitchNode node = nodes.get(member.node());
        if (room == null || node == null) {
            ignored.ignored(member.node(), member.conference(), parsed.reason());
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        MemberKinds.Identity who = MemberKinds.of(room.devId(), member, phones);
        data.put("user_id", who.userId());
        data.put("member_id", member.memberId());
        data.put("kind", who.kind());
        data.put("number", who.number());
        data.put("muted", member.muted());
        data.put("deaf", member.deaf());
        data.put("talking", member.talking());
        data.put("video", member.hasVideo());
        data.put("vmuted", member.videoMuted());
        data.put("node", member.node());
        channel.publish(room, member.node(), event, data);
    }
}
