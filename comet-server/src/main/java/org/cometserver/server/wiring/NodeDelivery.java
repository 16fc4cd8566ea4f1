package org.cometserver.server.wiring;

import org.cometserver.server.broker.BrokerHandler;
import org.cometserver.server.broker.Control;
import org.cometserver.server.broker.Publication;
import org.cometserver.server.broker.UserMessage;
import org.cometserver.server.calls.ClusterCalls;
import org.cometserver.server.hub.CometFrames;
import org.cometserver.server.hub.Disconnect;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.hub.Hub;
import org.cometserver.server.hub.Transport;
import org.cometserver.server.store.PipeSetting;
import org.cometserver.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The server's {@link BrokerHandler}: what the broker brings this node goes to its connections in the {@link Hub}.
 * A publication is encoded once (CppComet's channel frame, with its position when kept); the sender of a
 * {@code web_pipe2} is skipped when it is on this node.
 */
public final class NodeDelivery implements BrokerHandler {
    private static final Logger log = LoggerFactory.getLogger(NodeDelivery.class);

    private final Hub hub;
    private final PrivateMessages privateMessages;
    private final DialledMembers phones;
    private final PipeSettingsCache settings;
    private final Store store;
    private final Executor storeExecutor;
    private final WebSenders senders;
    /** Null on a single node. */
    private final ClusterCalls calls;

    NodeDelivery(Hub hub, Publisher publisher, Store store, Executor storeExecutor) {
        this(hub, publisher, store, storeExecutor, null);
    }

    /** @param calls where P2P call controls go with several nodes, null for a single node */
    NodeDelivery(Hub hub, Publisher publisher, Store store, Executor storeExecutor, ClusterCalls calls) {
        this.hub = hub;
        this.calls = calls;
        this.senders = publisher.senders();
        this.privateMessages = publisher.privateMessages();
        this.phones = publisher.phones();
        this.settings = publisher.settings();
        this.store = store;
        this.storeExecutor = storeExecutor;
    }

    @Override
    public int onPublication(int devId, Publication p) {
        EncodedFrame frame = CometFrames.publication(p);
        Transport sender = senders.of(p.id());
        return sender == null ? hub.publish(devId, p.channel(), frame) : hub.publish(devId, p.channel(), frame, sender);
    }

    @Override
    public int onFrame(int devId, String channel, EncodedFrame frame) {
        return hub.publish(devId, channel, frame);
    }

    @Override
    public int onUserMessage(int devId, UserMessage message) {
        int took = hub.sendToUser(devId, message.userId(), EncodedFrame.ofUtf8(message.frame()));
        if (took == 0 && message.queueable()) {
            // the user left this node meanwhile: queued here, so it is not lost (the store is not for this thread)
            offThread(() -> privateMessages.queue(devId, message.userId(), message.event(), message.queuedText()));
        }
        return took;
    }

    @Override
    public void onControl(Control control) {
        if (control instanceof Control.DisconnectUser d) {
            hub.disconnectUser(d.devId(), d.userId(), new Disconnect(d.code(), d.reason()));
        } else if (control instanceof Control.QueueChanged queued) {
            for (Transport transport : hub.userConnections(queued.devId(), queued.userId())) {
                transport.queueChanged();
            }
        } else if (control instanceof Control.PipeSettingsChanged changed) {
            offThread(() -> reload(changed));
        } else if (control instanceof Control.PhoneInRoom phone) {
            phones.learned(phone);
        } else if (control instanceof Control.Call call && calls != null) {
            calls.onControl(call);
        }
    }

    /** Reads the channels' settings again (another node changed them; on this node it is a no-op). */
    private void reload(Control.PipeSettingsChanged changed) {
        Set<String> left = new HashSet<>(changed.channels());
        for (PipeSetting setting : store.pipeSettings().get(changed.devId(), changed.channels())) {
            left.remove(setting.name());
            settings.put(setting.devId(), setting.name(), setting.length());
        }
        settings.remove(changed.devId(), left);
    }

    private void offThread(Runnable task) {
        StoreTasks.run(storeExecutor, log, "store call of a broker delivery", task);
    }
}
