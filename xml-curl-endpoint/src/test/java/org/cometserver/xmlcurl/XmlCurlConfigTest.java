package org.cometserver.xmlcurl;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XmlCurlConfigTest {

    @Test
    void defaultsAreCometIniDefaults() {
        XmlCurlConfig config = XmlCurlConfig.defaults();
        assertEquals("0.0.0.0", config.ip());
        assertEquals(8082, config.port());
        assertEquals(List.of(), config.allow());
        assertFalse(config.basicAuthRequired());
        assertEquals("/directory", config.path());
        assertTrue(config.withCredentials("fs", "pw").basicAuthRequired());
    }

    @Test
    void invalidValuesAreRefusedAtConstruction() {
        XmlCurlConfig d = XmlCurlConfig.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withListener("0.0.0.0", 70000));
        assertThrows(IllegalArgumentException.class, () -> d.withListener(" ", 8082));
        assertThrows(IllegalArgumentException.class, () -> d.withAllow(List.of("10.0.0.0/8", "not-an-ip")));
        assertThrows(IllegalArgumentException.class, () -> d.withCredentials("a:b", "pw"));
        assertThrows(IllegalArgumentException.class, () -> d.withCredentials("fs", ""));
        assertThrows(IllegalArgumentException.class, () -> d.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new XmlCurlConfig("0.0.0.0", 8082, 1024, List.of(), "", "",
                "directory", 65536, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new XmlCurlConfig("0.0.0.0", 8082, 1024, List.of(), "", "",
                "/directory", 100, Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }
}
