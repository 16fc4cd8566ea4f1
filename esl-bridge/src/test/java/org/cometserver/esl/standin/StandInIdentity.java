package org.cometserver.esl.standin;

/** What a FreeSWITCH process says about itself in every event; the defaults are those of the recordings. */
record StandInIdentity(String coreUuid, String hostname, String ipv4, String ipv6, String domain) {
}
