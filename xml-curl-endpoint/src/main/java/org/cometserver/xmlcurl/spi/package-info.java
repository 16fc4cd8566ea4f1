/**
 * What the xml_curl endpoint needs from the host process; {@code comet-server} implements it. The endpoint knows
 * nothing else of the server.
 */
package org.cometserver.xmlcurl.spi;
