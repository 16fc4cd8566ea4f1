package org.cometserver.server.wiring;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.cometserver.esl.NodeHealth;
import org.cometserver.esl.NodeState;
import org.cometserver.esl.conference.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue #9: what used to be silent (members dropped for their conference's name) is logged, once. */
class ConferenceNoticesLogTest {
    private static final String NODE = "fs.example.com:7443";

    @TempDir
    Path dir;
    private WiringFixture fixture;
    private final Map<String, String> reported = new HashMap<>();
    private ConferenceNotices notices;
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void setUp() {
        fixture = new WiringFixture(dir, """
                [sip]
                freeswitch = []Server=10.0.0.6,WSport=7443,WShost=fs.example.com,Domain=FSdefaultDomain
                """);
        notices = new ConferenceNotices(fixture.config.sip(), fixture.store.conferences(), fixture.publisher,
                node -> Optional.ofNullable(reported.get(node)));
        lines.start();
        logger(IgnoredConferences.class).addAppender(lines);
        logger(ConferenceNotices.class).addAppender(lines);
    }

    @AfterEach
    void tearDown() {
        logger(IgnoredConferences.class).detachAppender(lines);
        logger(ConferenceNotices.class).detachAppender(lines);
        fixture.close();
    }

    @Test
    void aConferenceOfAnotherDomainIsLoggedOnceWithTheReason() {
        Member alice = member("0*101-10.0.0.6", 1, false);
        notices.memberJoined(alice);
        notices.memberChanged(alice, member("0*101-10.0.0.6", 1, true));
        notices.memberJoined(member("0*101-10.0.0.6", 2, false));
        notices.memberLeft(alice);
        assertEquals(List.of("FreeSWITCH node " + NODE + ": conference '0*101-10.0.0.6' ignored, its members are not in"
                + " conference_members: its domain is not [FSdefaultDomain] (Domain= of its [sip] freeswitch entry)"), messages());
        notices.memberJoined(member("3000", 1, false));
        assertEquals(2, messages().size());
        assertTrue(messages().get(1).endsWith("not <dev_id>*<room>-<domain> (no dev_id before '*')"), messages().get(1));
    }

    @Test
    void aDomainFreeSwitchContradictsIsWarnedOncePerReportedValue() {
        reported.put(NODE, "10.0.0.6");
        up();
        up();
        assertEquals(1, messages().size(), messages().toString());
        assertTrue(messages().get(0).startsWith("FreeSWITCH node " + NODE + ": reports domain '10.0.0.6' but its"
                + " [sip] freeswitch entry says Domain=FSdefaultDomain"), messages().get(0));
        reported.put(NODE, "FSdefaultDomain");
        up();
        reported.put(NODE, "192.0.2.9");
        up();
        assertEquals(2, messages().size(), "a new value is worth a new warning");
    }

    private void up() {
        notices.nodeHealthChanged(new NodeHealth(NODE, NodeState.UP, null, 0, Instant.EPOCH));
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static Logger logger(Class<?> type) {
        return (Logger) LoggerFactory.getLogger(type);
    }

    private static Member member(String conference, int id, boolean muted) {
        return new Member(NODE, conference, id, "uuid-" + id, "0000005", "0000005", Instant.EPOCH, null, muted, false,
                false, false, false, false);
    }
}
