/**
 * What the CometQL tables need from the host process. {@code comet-server} implements these interfaces over its
 * hub and store; this module knows nothing of either.
 *
 * <p>Threading contract: methods documented as <em>non-blocking</em> may be called on a Netty event loop and must
 * answer from memory. Every other method is called on the CometQL executor and may block on the store.
 * Every method is scoped by {@code devId} (the tenant); user ids are {@code long}; times are unix seconds.
 * Methods named {@code all…} serve statements without a key in WHERE and return at most {@code limit} rows.
 */
package org.cometserver.cometql.spi;
