/**
 * Where publications, history and presence live, so that one node or several (on Redis) answer alike; modelled on
 * centrifuge (the library under Centrifugo). {@link org.cometserver.server.broker.Broker} owns publishing and history
 * per channel (a publication and its history entry with its offset, or neither);
 * {@link org.cometserver.server.broker.PresenceManager} owns who is subscribed and which users are online across the
 * nodes. The node's own connections stay in {@link org.cometserver.server.hub.Hub}; a broker hands what arrives for
 * this node to a {@link org.cometserver.server.broker.BrokerHandler}. Every implementation passes the contract suites
 * in the tests ({@code BrokerContract}, {@code PresenceContract}).
 */
package org.cometserver.server.broker;
