package org.cometserver.xmlcurl.spi;

/**
 * Told of every directory request answered, for the host's metrics. Called on the Netty event loop that answers:
 * it must be quick and must never block. A connection closed before its answer is not reported.
 */
@FunctionalInterface
public interface DirectoryRequests {
    DirectoryRequests NONE = result -> { };

    void answered(DirectoryResult result);
}
