package org.cometserver.server.calls;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.CallBackend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The {@code calls} table: every {@link CallRegistry} (P2P, SIP) behind one {@link CallBackend}. Click-to-call
 * goes to {@code dialler}, the SIP side; without a FreeSWITCH node it is refused.
 */
public final class Calls implements CallBackend {
    private final List<CallRegistry> registries;
    private final BiFunction<Integer, DialRequest, CallLeg> dialler;

    /**
     * @param dialler places a click-to-call through FreeSWITCH; null when no FreeSWITCH node is configured
     */
    public Calls(List<CallRegistry> registries, BiFunction<Integer, DialRequest, CallLeg> dialler) {
        this.registries = List.copyOf(registries);
        this.dialler = dialler;
    }

    @Override
    public List<CallLeg> calls(int devId, Collection<String> sessionIds) {
        List<CallLeg> legs = new ArrayList<>();
        for (CallRegistry registry : registries) {
            legs.addAll(registry.legs(devId, sessionIds));
        }
        return legs;
    }

    @Override
    public List<CallLeg> callsOfUsers(int devId, Collection<Long> userIds) {
        List<CallLeg> legs = new ArrayList<>();
        for (CallRegistry registry : registries) {
            legs.addAll(registry.legsOfUsers(devId, userIds));
        }
        return legs;
    }

    @Override
    public List<CallLeg> allCalls(int devId, int limit) {
        List<CallLeg> legs = new ArrayList<>();
        for (CallRegistry registry : registries) {
            legs.addAll(registry.allLegs(devId, limit - legs.size()));
            if (legs.size() >= limit) {
                break;
            }
        }
        return legs;
    }

    @Override
    public CallLeg dial(int devId, DialRequest request) {
        if (dialler == null) {
            throw new CometQlException(CometQlErrors.INTERNAL,
                    "Click-to-call needs FreeSWITCH: no node is configured in [sip] freeswitch");
        }
        return dialler.apply(devId, request);
    }

    @Override
    public int hangUp(int devId, String sessionId, Collection<Long> userIds) {
        CallRegistry owner = owner(devId, sessionId);
        return owner == null ? 0 : owner.hangUp(devId, sessionId, userIds);
    }

    @Override
    public int update(int devId, String sessionId, Collection<Long> userIds, CallChanges changes) {
        CallRegistry owner = owner(devId, sessionId);
        return owner == null ? 0 : owner.update(devId, sessionId, userIds, changes);
    }

    private CallRegistry owner(int devId, String sessionId) {
        for (CallRegistry registry : registries) {
            if (registry.owns(devId, sessionId)) {
                return registry;
            }
        }
        return null;
    }
}
