package org.cometserver.server.transport.ws.command;

import org.cometserver.server.hub.Disconnect;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.hub.Hub;
import org.cometserver.server.transport.ws.WsFrames;
import org.cometserver.server.transport.ws.WsSession;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code subscription\n<name>\n<name>...}: the connection's whole subscription set becomes the names given
 * (docs/CPPCOMET.md §3.4). Names are split on any character outside {@code [A-Za-z0-9_-]}; a name shorter than
 * 2 ends the list. No acknowledgement is sent.
 */
public final class SubscriptionCommand implements WsCommand {
    static final int MAX_NAMES = 32;
    static final int MAX_LENGTH = 2176;
    static final String TRACK_PREFIX = "track_";
    static final String PRIVATE_PREFIX = "private_";

    @Override
    public void execute(WsSession session, String args) {
        long now = session.services().now();
        if (args.length() > MAX_LENGTH) {
            session.write(tooManyLetters(now));
            return;
        }
        Set<String> wanted = new LinkedHashSet<>();
        int i = 0;
        while (i < args.length()) {
            int start = i;
            while (i < args.length() && ChannelNames.isNameChar(args.charAt(i))) {
                i++;
            }
            String name = args.substring(start, i);
            i++;
            if (name.length() < 2) {
                break;
            }
            if (name.length() > ChannelNames.MAX_LENGTH) {
                session.writeAndClose(WsFrames.error("Channel name is too long", Map.of("code", "403"), now),
                        Disconnect.BAD_REQUEST);
                return;
            }
            // CppComet: its loop also skipped the name after a refused one (§3.4); we skip only the refused name
            if (refuses(session, name, now)) {
                continue;
            }
            wanted.add(name);
            if (wanted.size() > MAX_NAMES) {
                session.write(tooManyLetters(now));
                return;
            }
        }
        replace(session, wanted, now);
    }

    /**
     * Whether the connection may not join {@code name} (or read its log); if so, tells it with an error frame.
     * CppComet: {@code private_} channels need an authorised connection (§3.4); it skipped them without a word.
     */
    static boolean refuses(WsSession session, String name, long now) {
        if (!name.startsWith(PRIVATE_PREFIX) || session.authorized()) {
            return false;
        }
        session.write(WsFrames.error("Channel " + name + " needs an authorised connection", now));
        return true;
    }

    /**
     * Leaves the channels not wanted any more and joins the new ones. CppComet left and re-joined every channel, so
     * track_ subscribers saw an unsubscription + subscription pair for unchanged channels; we only report changes.
     */
    private static void replace(WsSession session, Set<String> wanted, long now) {
        Hub hub = session.services().hub();
        Set<String> before = new HashSet<>(hub.subscriptions(session));
        for (String current : before) {
            if (!wanted.contains(current)) {
                leave(session, current, now);
            }
        }
        for (String name : wanted) {
            if (name.startsWith(TRACK_PREFIX) && !before.contains(name)) {
                // before subscribing: the connection does not get its own subscription event
                session.services().publisher().publishFrame(session.devId(), name,
                        WsFrames.trackEvent(name, "subscription", session.userId(), session.uuid(), now));
            }
            hub.subscribe(session, name);
        }
    }

    /** Leaves every channel, telling track_ channels (the connection is closing). */
    public static void leaveAll(WsSession session) {
        long now = session.services().now();
        for (String channel : session.services().hub().subscriptions(session)) {
            leave(session, channel, now);
        }
    }

    /** Unsubscribes, telling a track_ channel's other subscribers. */
    private static void leave(WsSession session, String channel, long now) {
        Hub hub = session.services().hub();
        if (hub.unsubscribe(session, channel) && channel.startsWith(TRACK_PREFIX)) {
            session.services().publisher().publishFrame(session.devId(), channel,
                    WsFrames.trackEvent(channel, "unsubscription", session.userId(), session.uuid(), now));
        }
    }

    private static EncodedFrame tooManyLetters(long now) {
        return WsFrames.error("Too many letters", Map.of("code", "403"), now);
    }
}
