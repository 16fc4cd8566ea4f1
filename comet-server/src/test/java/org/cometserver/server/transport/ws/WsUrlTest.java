package org.cometserver.server.transport.ws;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WsUrlTest {
    private static final int DEVS = 100_000;

    @Test
    void parsesTheJsApiUrl() throws WsUrl.Invalid {
        WsUrl url = WsUrl.parse("/comet-server/ws/sesion=abc&myid=1&devid=7&v=4.08"
                + "&uuid=probeUUIDprobeUUIDprobeUUID00001&api=js", DEVS);
        assertEquals(new WsUrl("abc", 1, 7, 4, "probeUUIDprobeUUIDprobeUUID00001"), url);
    }

    @Test
    void isPositionalLikeCppComet() throws WsUrl.Invalid {
        // names are not read: values sit at the offsets of "myid=", "devid=", "v="
        WsUrl url = WsUrl.parse("/ws/x=key&abcd=5&efghi=3&w=3.24&uuid=u&api=js", DEVS);
        assertEquals(new WsUrl("key", 5, 3, 3, "u"), url);
    }

    @Test
    void anonymousJsPageHasUserZero() throws WsUrl.Invalid {
        WsUrl url = WsUrl.parse("/ws/sesion=undefined&myid=undefined&devid=0&v=4.08&uuid=abc&api=js", DEVS);
        assertEquals(0, url.userId());
        assertEquals("undefined", url.session());
    }

    @Test
    void outOfRangeDevIdIsZero() throws WsUrl.Invalid {
        assertEquals(0, WsUrl.parse("/ws/sesion=&myid=1&devid=100000&v=4.08&uuid=x", DEVS).devId());
        assertEquals(0, WsUrl.parse("/ws/sesion=&myid=1&devid=-3&v=4.08&uuid=x", DEVS).devId());
    }

    @Test
    void uuidStopsAt32CharsOrTheNextParameter() throws WsUrl.Invalid {
        assertEquals("a".repeat(32), WsUrl.parse("/ws/s=&myid=1&devid=0&v=4.0&uuid=" + "a".repeat(40), DEVS).uuid());
        assertEquals("short", WsUrl.parse("/ws/s=&myid=1&devid=0&v=4.0&uuid=short&api=js", DEVS).uuid());
        assertEquals("", WsUrl.parse("/ws/s=&myid=1&devid=0&v=4.0&api=js", DEVS).uuid());
    }

    @Test
    void errorsCarryCppCometCodes() {
        assertEquals(401, code("/ws/"));
        assertEquals(401, code("/ws/sesion=abc"));
        assertEquals(406, code("/ws/sesion=abc&myid=1"));
        assertEquals(418, code("/ws/sesion=abc&myid=1&devid=0"));
        assertEquals(418, code("/ws/sesion=abc&myid=1&devid=0&v=x.y&uuid=u"));
        WsUrl.Invalid noUuid = assertThrows(WsUrl.Invalid.class,
                () -> WsUrl.parse("/ws/sesion=abc&myid=1&devid=0&v=4.08", DEVS));
        assertEquals(4, noUuid.majorVersion());
    }

    private static int code(String uri) {
        return assertThrows(WsUrl.Invalid.class, () -> WsUrl.parse(uri, DEVS)).code();
    }
}
