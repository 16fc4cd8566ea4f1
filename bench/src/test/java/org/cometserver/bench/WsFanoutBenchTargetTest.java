package org.cometserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WsFanoutBenchTargetTest {
    @Test
    void readsTheSingleServerFormsOfWsFanoutSh() {
        WsFanoutBench.Target comet = WsFanoutBench.Target.parse("comet:8081:123:3300");
        assertEquals(new WsFanoutBench.Target("comet", List.of(8081), List.of(123L), List.of(3300), "comet", 0),
                comet);
        assertTrue(comet.comet());
        WsFanoutBench.Target bare = WsFanoutBench.Target.parse("bare:8082:124");
        assertEquals(List.of(), bare.cometQlPorts());
        assertFalse(bare.comet());
    }

    @Test
    void cometWsPublishesOverTheWebSocketToAWebChannel() {
        WsFanoutBench.Target cometWs = WsFanoutBench.Target.parse("comet-ws:8081:123");
        assertTrue(cometWs.comet());
        assertTrue(cometWs.publishesOverWebSocket());
        assertEquals(WsFanoutBench.WEB_PIPE, cometWs.pipe());
        assertTrue(WsFanoutBench.WEB_PIPE.startsWith("web_"), "browsers publish to web_* channels only");
        WsFanoutBench.Target comet = WsFanoutBench.Target.parse("comet:8081:123:3300");
        assertFalse(comet.publishesOverWebSocket());
        assertEquals(WsFanoutBench.PIPE, comet.pipe());
        assertThrows(IllegalArgumentException.class, () -> WsTextPublisher.webPipe("127.0.0.1", 1, "bench_fanout"));
    }

    @Test
    void readsAClusterWithItsLabelAndRedisPid() {
        assertEquals(new WsFanoutBench.Target("comet", List.of(1, 2, 3), List.of(11L, 12L, 13L), List.of(21, 22, 23),
                        "3nodes-rr", 99),
                WsFanoutBench.Target.parse("comet:1,2,3:11,12,13:21,22,23:3nodes-rr:99"));
    }

    @Test
    void refusesATargetWithoutPids() {
        assertThrows(IllegalArgumentException.class, () -> WsFanoutBench.Target.parse("comet:8081"));
    }
}
