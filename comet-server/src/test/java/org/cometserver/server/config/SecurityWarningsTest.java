package org.cometserver.server.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecurityWarningsTest {
    @Test
    void shippedDefaultsWarnOfTheDefaultPasswordAndAnyOriginOnAPublicAddress() {
        List<String> warnings = SecurityWarnings.of(CometConfig.defaults());
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("[main] password is the built-in default"));
        assertTrue(warnings.get(1).startsWith("[ws] listens on 0.0.0.0 with host = *"));
    }

    @Test
    void aDirectoryOpenToOtherHostsNeedsItsOwnPassword() {
        assertEquals(2, SecurityWarnings.of(CometConfig.parse("[freeswitch]\nthread_num = 1\n")).size(),
                "the default allow list is loopback only");
        String exposed = "[freeswitch]\nthread_num = 1\nallow = 127.0.0.1, 10.0.0.0/8\n";
        assertTrue(SecurityWarnings.of(CometConfig.parse(exposed + "user = freeswitch\npassword = change-me\n"))
                .stream().anyMatch(w -> w.contains("'change-me'")));
        assertTrue(SecurityWarnings.of(CometConfig.parse(exposed)).stream()
                .anyMatch(w -> w.contains("without basic auth")));
    }

    @Test
    void aProtectedSetUpHasNothingToSay() {
        assertEquals(List.of(), SecurityWarnings.of(CometConfig.parse("""
                [main]
                password = s3cret-Of-this-site
                [ws]
                host = https://example.com
                [freeswitch]
                thread_num = 1
                allow = 10.0.0.0/8
                user = fs
                password = other
                """)));
        assertEquals(List.of(), SecurityWarnings.of(CometConfig.parse("""
                [main]
                password = s3cret
                [ws]
                ip = 127.0.0.1
                [freeswitch]
                ip = ::1
                thread_num = 1
                allow = 10.0.0.0/8
                """)));
    }
}
