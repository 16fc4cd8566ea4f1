package org.cometserver.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CometConfigTest {

    @Test
    void defaultsAreDocumentedOnes() {
        CometConfig c = CometConfig.defaults();
        assertEquals("password", c.main().password());
        assertEquals("NoName", c.main().nodeName());
        assertEquals(100_000, c.main().devIndexSize());
        assertTrue(c.main().sendUserOnlineEvents());
        assertTrue(c.main().sendUserOfflineEvents());
        assertTrue(c.main().saveUsersLastOnlineTime());
        assertFalse(c.main().useQueryLoger());
        assertEquals("", c.main().pidfile());
        assertEquals(86_400, c.main().queueTtlSeconds());
        assertEquals(65_536, c.main().maxMessageSize());
        assertTrue(c.db().embedded());
        assertEquals("./data/comet", c.db().embeddedPath());
        assertEquals(3306, c.db().port());
        assertEquals(10, c.db().connectionAttempts());
        assertEquals(new ListenerSettings("0.0.0.0", 3307, 2, 1024, IoEngine.IO_URING,
                new ListenerSettings.Limits(1000, 0, 256, 10)), c.cometql().listener());
        assertEquals(30_000, c.cometql().maxExecutionTime());
        assertEquals(2, c.cometql().scanThreads());
        assertEquals(1000, c.cometql().scanQueue());
        assertTrue(c.main().protectedMode());
        assertEquals(8087, c.ws().listener().port());
        assertTrue(c.ws().allowsAnyOrigin());
        assertEquals(8082, c.freeswitch().listener().port());
        assertFalse(c.freeswitch().listener().enabled());
        assertEquals("pipesalt", c.sip().pipesalt());
        assertTrue(c.sip().freeswitch().isEmpty());
        assertEquals(400, c.log().level());
        assertEquals("text/html; charset=utf-8", c.contentTypes().get("html"));
    }

    @Test
    void parsesCppCometSyntax() {
        CometConfig c = CometConfig.parse("""
                ; a comment
                # another
                [main]
                  password = CometQLPassword   ; inline comment
                node_name=n1#also a comment
                send_user_online_events = True
                send_user_offline_events = yes
                save_users_last_online_time = TRUE
                useQueryLoger = true
                queue_ttl = 120

                [cometql] ; the MySQL-protocol API
                port = 3300
                thread_num = 3
                benchmark = 10
                max_execution_time = 0
                scan_threads = 5

                [ws]
                host = example.com, other.org

                [sip]
                pipesalt = salt
                freeswitch = []Server=fs1.local,Pwd=secret,Port=8021,WSport=7443,WShost=wss.example.com
                freeswitch = []Server=fs2.local

                [content-type]
                mp4 = video/mp4
                """);
        assertEquals("CometQLPassword", c.main().password());
        assertEquals("n1", c.main().nodeName());
        assertTrue(c.main().sendUserOnlineEvents());
        assertFalse(c.main().sendUserOfflineEvents(), "only true/True/TRUE are true");
        assertTrue(c.main().saveUsersLastOnlineTime());
        assertTrue(c.main().useQueryLoger());
        assertEquals(120, c.main().queueTtlSeconds());
        assertEquals(3300, c.cometql().listener().port());
        assertEquals(3, c.cometql().listener().threadNum());
        assertFalse(c.main().protectedMode());
        assertEquals(0, c.cometql().maxExecutionTime());
        assertEquals(5, c.cometql().scanThreads());
        assertEquals(List.of("example.com", "other.org"), c.ws().allowedOrigins());
        assertFalse(c.ws().allowsAnyOrigin());
        assertEquals("salt", c.sip().pipesalt());
        assertEquals(List.of(
                new FreeswitchNode("fs1.local", "secret", 8021, 7443, "wss.example.com", "", null),
                new FreeswitchNode("fs2.local", "ClueCon", 8021, 7443, "fs2.local", "", null)), c.sip().freeswitch());
        assertEquals("video/mp4", c.contentTypes().get("mp4"));
    }

    @Test
    void recordDirIsAnAbsolutePathFreeswitchCanTakeAsOneArgument() {
        assertEquals("/var/lib/freeswitch/recordings", CometConfig.defaults().freeswitch().recordDir());
        assertEquals("/srv/rec", CometConfig.parse("[freeswitch]\nrecord_dir = /srv/rec/\n").freeswitch().recordDir());
        assertMessage("[freeswitch] record_dir: 'rec' is not an absolute path of A-Z, a-z, 0-9, _ . / - (without ..)",
                "[freeswitch]\nrecord_dir = rec\n");
        assertMessage("[freeswitch] record_dir: '/srv/my rec' is not an absolute path of A-Z, a-z, 0-9, _ . / -"
                + " (without ..)", "[freeswitch]\nrecord_dir = /srv/my rec\n");
        assertMessage("[freeswitch] record_dir: '/srv/../etc' is not an absolute path of A-Z, a-z, 0-9, _ . / -"
                + " (without ..)", "[freeswitch]\nrecord_dir = /srv/../etc\n");
    }

    @Test
    void valuesAreCaseSensitiveKeys() {
        CometConfig c = CometConfig.parse("[main]\nPassword = x\n[MAIN]\npassword = y\n");
        assertEquals("password", c.main().password(), "Password and [MAIN] are other names");
    }

    @Test
    void benchmarkSectionIsStatistics() {
        CometConfig c = CometConfig.parse("[benchmark]\nto_log = true\n");
        assertTrue(c.statistics().toLog());
    }

    @Test
    void unknownSectionsAndKeysAndProxyAreAccepted() {
        CometConfig c = CometConfig.parse("[nothing]\na=1\n[main]\nunknown_key = 3\n[cometqlproxy]\nport = 3311\n"
                + "[statistics]\nallow = true\nemail = a@b\n");
        assertEquals("password", c.main().password());
    }

    @Test
    void invalidValuesNameSectionAndKey() {
        assertMessage("[cometql] port: not a number: 'abc'", "[cometql]\nport = abc\n");
        assertMessage("[cometql] port: 70000 out of range 0…65535", "[cometql]\nport = 70000\n");
        assertMessage("[db] connection_attempts: 0 out of range 1…1000", "[db]\nconnection_attempts = 0\n");
        assertMessage("[sip] freeswitch: entry 'Pwd=x' has no Server=", "[sip]\nfreeswitch = []Pwd=x\n");
        assertMessage("[sip] freeswitch: bad port 'x' in entry 'Server=a,WSport=x'",
                "[sip]\nfreeswitch = []Server=a,WSport=x\n");
        assertMessage("[sip] freeswitch: unknown field 'Host' in entry 'Server=a,Host=b' (expected Server, Pwd, Port,"
                + " WSport, WShost, StreamServer, Domain)", "[sip]\nfreeswitch = []Server=a,Host=b\n");
    }

    @Test
    void loadsFileAndReportsMissingOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("comet.ini");
        Files.writeString(file, "[main]\nnode_name = fromfile\n");
        assertEquals("fromfile", CometConfig.load(file).main().nodeName());
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> CometConfig.load(dir.resolve("missing.ini")));
        assertTrue(e.getMessage().startsWith("cannot read config file "), e.getMessage());
    }

    @Test
    void logLevelsMapToLogback() {
        assertEquals("OFF", new LogSection(0).ownLevel());
        assertEquals("ERROR", new LogSection(100).ownLevel());
        assertEquals("ERROR", new LogSection(200).ownLevel());
        assertEquals("WARN", new LogSection(300).ownLevel());
        assertEquals("INFO", new LogSection(400).ownLevel());
        assertEquals("DEBUG", new LogSection(500).ownLevel());
        // CppComet's debug level must not turn on the libraries' debug floods
        assertEquals("INFO", new LogSection(500).libraryLevel());
        assertEquals("WARN", new LogSection(300).libraryLevel());
        assertEquals(300, CometConfig.parse("[log]\nlevel = 300\nUserIndex = 500\n").log().level());
    }

    @Test
    void maxUptimeClosesAtTheNextCheck() {
        CometConfig c = CometConfig.parse("[ws]\nmaxUptime = 25\nuptimeTestInterval = 10\n[cometql]\nmaxUptime = 5\n");
        assertTrue(c.ws().maxUptime().enabled());
        assertEquals(30, c.ws().maxUptime().closeAfterSeconds());
        assertFalse(c.cometql().maxUptime().enabled(), "no check interval, no check (CppComet)");
        assertFalse(CometConfig.defaults().ws().maxUptime().enabled());
    }

    @Test
    void exampleFileParses() {
        Path example = Path.of("..", "comet.ini.example");
        assertTrue(Files.isRegularFile(example), "comet.ini.example at the repository root");
        CometConfig c = CometConfig.load(example);
        assertEquals(CometConfig.defaults().main(), c.main());
        assertEquals(CometConfig.defaults().cometql(), c.cometql());
    }

    private static void assertMessage(String expected, String ini) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> CometConfig.parse(ini));
        assertEquals(expected, e.getMessage());
    }
}
