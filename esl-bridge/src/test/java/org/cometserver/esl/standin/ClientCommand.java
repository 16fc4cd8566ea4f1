package org.cometserver.esl.standin;

import org.cometserver.esl.codec.EslHeaders;

/** What a client sent: the command line and the header lines after it ({@code Job-UUID}), up to the blank line. */
record ClientCommand(String line, EslHeaders headers) {
}
