package org.cometserver.cometql.protocol;

import org.cometserver.cometql.error.CometQlException;

/**
 * What {@link MysqlPacketDecoder} emits instead of a packet when the framing itself is broken (a packet larger
 * than the limit). The decoder discards all further input; the connection handler answers with an ERR packet
 * carrying {@link #cause()} and closes.
 *
 * @param sequenceId sequence id of the offending header
 */
public record MalformedPacket(int sequenceId, CometQlException cause) {
}
