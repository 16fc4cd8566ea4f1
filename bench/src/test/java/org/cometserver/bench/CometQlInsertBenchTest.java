package org.cometserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CometQlInsertBenchTest {
    private static TargetResult result(String name, long queriesPerSecond) {
        return new TargetResult(name, 8, 1, queriesPerSecond, 1.0, 1, 1, -1, 1, 0, 0, null);
    }

    @Test
    void takesTheMedianRoundPerTarget() {
        List<TargetResult> results = List.of(result("cometql", 300), result("mariadb", 10), result("cometql", 100),
                result("mariadb", 30), result("cometql", 200), result("mariadb", 20));
        assertEquals(200, CometQlInsertBench.medianOpsPerSecond(results, "cometql"));
        assertEquals(20, CometQlInsertBench.medianOpsPerSecond(results, "mariadb"));
    }

    @Test
    void takesTheLowerMiddleOfAnEvenCountAndZeroForNone() {
        List<TargetResult> results = List.of(result("cometql", 100), result("cometql", 200));
        assertEquals(100, CometQlInsertBench.medianOpsPerSecond(results, "cometql"));
        assertEquals(0, CometQlInsertBench.medianOpsPerSecond(results, "mariadb"));
    }
}
